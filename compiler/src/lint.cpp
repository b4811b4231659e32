#include "lint.h"

#include "pfun/compiler/erlang_builtins.h"
#include "pfun/compiler/frontend.h"

#include <deque>
#include <map>
#include <set>
#include <string>

namespace pfun::compiler {

namespace {

constexpr int kMaxDepth = 6000; // the parser bounds AST depth lower than this

using FnKey = std::pair<std::string, uint32_t>;

std::string fnName(const std::string& name, uint32_t arity) {
    // Function names print as atoms: quoted when they need it.
    bool plain = !name.empty() && name[0] >= 'a' && name[0] <= 'z';
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '@'))
            plain = false;
    std::string shown = plain ? name : "'" + name + "'";
    return shown + "/" + std::to_string(arity);
}

struct VarState {
    bool unsafe = false;
    std::string where; // construct that made it unsafe: case, if, receive, try, ...
    Loc whereLoc;
    std::vector<int> ids; // bindings this name stands for (several after a case)
};
using Env = std::map<std::string, VarState>;

bool isLiteral(const Expr& e) {
    switch (e.kind) {
    case ExprKind::Integer:
    case ExprKind::Float:
    case ExprKind::Atom:
    case ExprKind::Char:
    case ExprKind::String:
    case ExprKind::Nil: return true;
    default: return false;
    }
}

// Expressions that cannot bind a variable: no need to copy the environment for them.
bool cannotBind(const Expr& e) {
    return isLiteral(e) || e.kind == ExprKind::Var || e.kind == ExprKind::FunRef;
}

class Linter {
  public:
    Linter(const Module& m, const LintOptions& opt, Diagnostics& d) : m_(m), opt_(opt), d_(d) {}

    bool flag(const char* name) const {
        for (const std::string& f : m_.compileFlags)
            if (f == name) return true;
        return false;
    }

    void run() {
        warnUnusedVars_ = opt_.warnUnusedVars && !flag("nowarn_unused_vars");
        warnShadowed_ = opt_.warnShadowed && !flag("nowarn_shadow_vars");
        std::map<FnKey, Loc> firstDef;
        for (const Function& f : m_.functions) {
            FnKey k{f.name, f.arity};
            if (firstDef.count(k)) {
                d_.error(f.loc, "function " + fnName(f.name, f.arity) + " already defined");
                continue;
            }
            firstDef[k] = f.loc;
            defined_.insert(k);
        }
        // erlc adds module_info/0,1 to every module (compile.cpp does too).
        defined_.insert({"module_info", 0});
        defined_.insert({"module_info", 1});
        for (const Import& i : m_.imports)
            imported_.insert({i.function.name, i.function.arity});
        for (const NameArity& na : m_.noAutoImport)
            noAuto_.insert({na.name, na.arity});
        if (!m_.isScript)
            for (const NameArity& e : m_.exports)
                if (!defined_.count({e.name, e.arity}))
                    d_.error(e.loc, "function " + fnName(e.name, e.arity) + " undefined");
        for (const NameArity& sp : m_.specs)
            if (!defined_.count({sp.name, sp.arity}))
                d_.error(sp.loc, "spec for undefined function " + fnName(sp.name, sp.arity));
        for (const Function& f : m_.functions)
            lintFunction(f);
        if (opt_.warnUnusedFunctions && !flag("nowarn_unused_function") && !m_.isScript &&
            !m_.exportAll)
            unusedFunctions();
    }

  private:
    const Module& m_;
    const LintOptions& opt_;
    Diagnostics& d_;
    std::set<FnKey> defined_, imported_, noAuto_;
    std::map<FnKey, std::set<FnKey>> calls_;
    FnKey current_;
    struct Binding {
        std::string name;
        Loc loc;
        bool used = false;
    };
    std::vector<Binding> bindings_;
    // Names used while unbound in this function: a sibling that binds one of them
    // counts as using it (erl_lint merges the two), so no "unused" warning follows.
    std::set<std::string> unboundNames_;
    bool warnUnusedVars_ = true;
    bool warnShadowed_ = true;
    std::string stackVar_; // set while checking a try-catch clause's guard
    int depth_ = 0;

    struct Deeper {
        Linter& l;
        bool ok;
        explicit Deeper(Linter& lint) : l(lint), ok(++lint.depth_ < kMaxDepth) {}
        ~Deeper() { --l.depth_; }
    };

    // ------------------------------------------------------------ functions

    void lintFunction(const Function& f) {
        current_ = {f.name, f.arity};
        calls_[current_];
        bindings_.clear();
        unboundNames_.clear();
        for (const Clause& c : f.clauses) {
            Env env;
            Env fresh;
            for (const auto& p : c.patterns)
                if (p) pattern(*p, env, fresh, "");
            bindFresh(env, fresh);
            guards(c.guards, env);
            body(c.body, env);
        }
        if (warnUnusedVars_)
            for (const Binding& b : bindings_)
                if (!b.used && !b.name.empty() && b.name[0] != '_')
                    d_.warning(b.loc, "variable '" + b.name + "' is unused");
    }

    void unusedFunctions() {
        std::set<FnKey> reached;
        std::deque<FnKey> work;
        for (const NameArity& e : m_.exports)
            work.push_back({e.name, e.arity});
        while (!work.empty()) {
            FnKey k = work.front();
            work.pop_front();
            if (!reached.insert(k).second) continue;
            auto it = calls_.find(k);
            if (it != calls_.end())
                for (const FnKey& c : it->second)
                    work.push_back(c);
        }
        std::set<FnKey> warned;
        for (const Function& f : m_.functions) {
            FnKey k{f.name, f.arity};
            if (!reached.count(k) && warned.insert(k).second)
                d_.warning(f.loc, "function " + fnName(f.name, f.arity) + " is unused");
        }
    }

    void checkFunction(const std::string& name, uint32_t arity, Loc at, bool isCall = true) {
        FnKey k{name, arity};
        if (defined_.count(k)) {
            calls_[current_].insert(k);
            if (isCall && isAutoImported(name, arity) && !noAuto_.count(k)) {
                std::string fa = fnName(name, arity);
                std::string hint = " - use erlang:" + fa + " or \"-compile({no_auto_import,[" + fa +
                                   "]}).\" to resolve name clash";
                if (isOldBif(name, arity))
                    d_.error(at, "ambiguous call of overridden pre R14 auto-imported BIF " + fa +
                                     "\n" + hint);
                else
                    d_.warning(at, "ambiguous call of overridden auto-imported BIF " + fa + "\n" +
                                       hint);
            }
            return;
        }
        if (imported_.count(k) || isAutoImported(name, arity)) return;
        d_.error(at, "function " + fnName(name, arity) + " undefined");
    }

    // ------------------------------------------------------------ variables

    int newBinding(const std::string& name, Loc loc) {
        bindings_.push_back({name, loc, false});
        return static_cast<int>(bindings_.size()) - 1;
    }

    void markUsed(const VarState& v) {
        for (int id : v.ids)
            if (id >= 0 && size_t(id) < bindings_.size()) bindings_[size_t(id)].used = true;
    }

    void unsafeError(const Expr& v, const VarState& st) {
        d_.error(v.loc, "variable '" + v.text + "' unsafe in '" + st.where + "' (line " +
                            std::to_string(st.whereLoc.line) + ", column " +
                            std::to_string(st.whereLoc.col) + ")");
    }

    void useVar(const Expr& v, const Env& env) {
        if (v.text == "_") {
            d_.error(v.loc, "variable '_' is unbound");
            return;
        }
        auto it = env.find(v.text);
        if (it == env.end()) {
            d_.error(v.loc, "variable '" + v.text + "' is unbound");
            unboundNames_.insert(v.text);
            return;
        }
        if (it->second.unsafe) unsafeError(v, it->second);
        markUsed(it->second);
    }

    static void bindFresh(Env& env, Env& fresh) {
        for (auto& [name, st] : fresh)
            env[name] = std::move(st);
        fresh.clear();
    }

    // Names bound in `after` but not in `before`.
    static std::vector<std::string> newNames(const Env& before, const Env& after) {
        std::vector<std::string> out;
        for (const auto& [name, st] : after)
            if (!before.count(name)) out.push_back(name);
        return out;
    }

    // Merges the environments of alternative branches into `env`. A name bound in
    // every branch is bound afterwards; otherwise it is unsafe. `allUnsafe`: every new
    // name is unsafe (try, catch, andalso, orelse).
    void mergeBranches(Env& env, const std::vector<Env>& branches, const std::string& where,
                       Loc whereLoc, bool allUnsafe) {
        std::map<std::string, VarState> merged;
        std::map<std::string, size_t> count;
        for (const Env& b : branches)
            for (const std::string& n : newNames(env, b)) {
                const VarState& st = b.at(n);
                VarState& m = merged[n];
                m.ids.insert(m.ids.end(), st.ids.begin(), st.ids.end());
                if (st.unsafe) {
                    m.unsafe = true;
                    m.where = st.where;
                    m.whereLoc = st.whereLoc;
                }
                ++count[n];
            }
        for (auto& [n, st] : merged) {
            if ((allUnsafe || count[n] != branches.size()) && !st.unsafe) {
                st.unsafe = true;
                st.where = where;
                st.whereLoc = whereLoc;
            }
            env[n] = std::move(st);
        }
    }

    // ------------------------------------------------------------ patterns

    void illegalPattern(const Expr& p) { d_.error(p.loc, "illegal pattern"); }

    static bool isConstNumber(const Expr& e, int depth = 0) {
        if (depth > 100) return false;
        if (e.kind == ExprKind::Integer || e.kind == ExprKind::Float || e.kind == ExprKind::Char)
            return true;
        if (e.kind == ExprKind::UnaryOp && (e.text == "-" || e.text == "+" || e.text == "bnot"))
            return isConstNumber(*e.kids[0], depth + 1);
        if (e.kind == ExprKind::BinOp && isArithOp(e.text, 2))
            return isConstNumber(*e.kids[0], depth + 1) && isConstNumber(*e.kids[1], depth + 1);
        return false;
    }

    static bool isStringPrefix(const Expr& e) {
        if (e.kind == ExprKind::String || e.kind == ExprKind::Nil) return true;
        const Expr* c = &e;
        while (c->kind == ExprKind::Cons) {
            const Expr& h = *c->kids[0];
            if (h.kind != ExprKind::Integer && h.kind != ExprKind::Char) return false;
            c = c->kids[1].get();
        }
        return c->kind == ExprKind::Nil || c->kind == ExprKind::String;
    }

    // `shadowIn`: non-empty in fun heads and generators, where a variable already bound
    // outside is a new variable that shadows it (with a warning) instead of a match.
    void pattern(const Expr& p, Env& env, Env& fresh, const std::string& shadowIn) {
        Deeper deeper(*this);
        if (!deeper.ok) return;
        switch (p.kind) {
        case ExprKind::Var: {
            if (p.text == "_") return;
            auto f = fresh.find(p.text);
            if (f != fresh.end()) {
                markUsed(f->second);
                return;
            }
            auto e = env.find(p.text);
            if (e != env.end() && shadowIn.empty()) {
                if (e->second.unsafe) unsafeError(p, e->second);
                markUsed(e->second);
                return;
            }
            if (e != env.end() && warnShadowed_)
                // erl_lint quotes 'fun' but not generate.
                d_.warning(p.loc, "variable '" + p.text + "' shadowed in " +
                                      (shadowIn == "fun" ? "'fun'" : shadowIn));
            VarState st;
            st.ids.push_back(newBinding(p.text, p.loc));
            fresh[p.text] = std::move(st);
            return;
        }
        case ExprKind::Integer:
        case ExprKind::Float:
        case ExprKind::Atom:
        case ExprKind::Char:
        case ExprKind::String:
        case ExprKind::Nil: return;
        case ExprKind::Tuple:
            for (const auto& k : p.kids)
                pattern(*k, env, fresh, shadowIn);
            return;
        case ExprKind::Cons: {
            const Expr* c = &p;
            while (c->kind == ExprKind::Cons) {
                pattern(*c->kids[0], env, fresh, shadowIn);
                c = c->kids[1].get();
            }
            pattern(*c, env, fresh, shadowIn);
            return;
        }
        case ExprKind::Map:
            for (const auto& f : p.kids) {
                if (f->text != ":=") {
                    illegalPattern(*f);
                    continue;
                }
                guardExpr(*f->kids[0], env); // keys: bound guard expressions
                // erl_lint then treats an unbound key variable as bound, so it is
                // reported once, not again at every later use.
                if (f->kids[0]->kind == ExprKind::Var && f->kids[0]->text != "_" &&
                    !env.count(f->kids[0]->text) && !fresh.count(f->kids[0]->text)) {
                    VarState st;
                    int id = newBinding(f->kids[0]->text, f->kids[0]->loc);
                    bindings_[size_t(id)].used = true;
                    st.ids.push_back(id);
                    fresh[f->kids[0]->text] = std::move(st);
                }
                pattern(*f->kids[1], env, fresh, shadowIn);
            }
            return;
        case ExprKind::Binary:
            for (const BinSegment& s : p.segments) {
                checkBitTypes(s);
                if (s.size) {
                    // A size may use variables bound earlier in the same pattern.
                    Env view = env;
                    for (const auto& [n, st] : fresh)
                        view[n] = st;
                    guardExpr(*s.size, view);
                }
                if (s.value) pattern(*s.value, env, fresh, shadowIn);
            }
            return;
        case ExprKind::Match:
            pattern(*p.kids[0], env, fresh, shadowIn);
            pattern(*p.kids[1], env, fresh, shadowIn);
            return;
        case ExprKind::BinOp:
            if (p.text == "++" && isStringPrefix(*p.kids[0])) {
                pattern(*p.kids[1], env, fresh, shadowIn);
                return;
            }
            if (isConstNumber(p)) return;
            illegalPattern(p);
            return;
        case ExprKind::UnaryOp:
            if (isConstNumber(p)) return;
            illegalPattern(p);
            return;
        default: illegalPattern(p); return;
        }
    }

    // ------------------------------------------------------------ binaries

    void checkBitTypes(const BinSegment& s) {
        static const char* const kKnown[] = {"integer",  "float", "binary", "bytes", "bitstring",
                                             "bits",     "utf8",  "utf16",  "utf32", "signed",
                                             "unsigned", "big",   "little", "native"};
        for (const std::string& spec : s.specs) {
            bool ok = spec.rfind("unit:", 0) == 0;
            for (const char* k : kKnown)
                if (spec == k) ok = true;
            if (!ok) d_.error(s.loc, "bit type " + spec + " undefined");
        }
    }

    // ------------------------------------------------------------ guards

    void illegalGuard(const Expr& e, const Env& env) {
        d_.error(e.loc, "illegal guard expression");
        // erl_lint still counts the variables of an illegal call or operator as used
        // (not those of a match, which it reads as a pattern).
        if (e.kind != ExprKind::Match) touchVars(e, env);
    }

    void touchVars(const Expr& e, const Env& env) {
        Deeper deeper(*this);
        if (!deeper.ok) return;
        if (e.kind == ExprKind::Var) {
            auto it = env.find(e.text);
            if (it != env.end()) markUsed(it->second);
            return;
        }
        for (const auto& k : e.kids)
            if (k) touchVars(*k, env);
        for (const BinSegment& s : e.segments) {
            if (s.value) touchVars(*s.value, env);
            if (s.size) touchVars(*s.size, env);
        }
    }

    void guards(const std::vector<ExprList>& gs, Env& env) {
        for (const auto& conj : gs)
            for (const auto& t : conj)
                guardExpr(*t, env);
    }

    void guardExpr(const Expr& e, Env& env) {
        Deeper deeper(*this);
        if (!deeper.ok) return;
        switch (e.kind) {
        case ExprKind::Var:
            if (!stackVar_.empty() && e.text == stackVar_) {
                d_.error(e.loc, "stacktrace variable '" + e.text + "' must not be used in a guard");
                return;
            }
            useVar(e, env);
            if (e.text != "_" && !env.count(e.text)) env[e.text] = VarState{}; // report once
            return;
        case ExprKind::Integer:
        case ExprKind::Float:
        case ExprKind::Atom:
        case ExprKind::Char:
        case ExprKind::String:
        case ExprKind::Nil: return;
        case ExprKind::Cons: {
            const Expr* c = &e;
            while (c->kind == ExprKind::Cons) {
                guardExpr(*c->kids[0], env);
                c = c->kids[1].get();
            }
            guardExpr(*c, env);
            return;
        }
        case ExprKind::Tuple:
        case ExprKind::Map:
        case ExprKind::MapUpdate:
        case ExprKind::MapField:
        case ExprKind::AndAlso:
        case ExprKind::OrElse:
            for (const auto& k : e.kids)
                guardExpr(*k, env);
            return;
        case ExprKind::Binary:
            for (const BinSegment& s : e.segments) {
                if (s.value) guardExpr(*s.value, env);
                if (s.size) guardExpr(*s.size, env);
            }
            return;
        case ExprKind::BinOp:
            if (isArithOp(e.text, 2) || isBoolOp(e.text, 2) || isCompOp(e.text, 2)) {
                guardExpr(*e.kids[0], env);
                guardExpr(*e.kids[1], env);
            } else {
                illegalGuard(e, env);
            }
            return;
        case ExprKind::UnaryOp:
            if (isArithOp(e.text, 1) || isBoolOp(e.text, 1))
                guardExpr(*e.kids[0], env);
            else
                illegalGuard(e, env);
            return;
        case ExprKind::Call: {
            size_t firstArg = 0;
            bool ok = false;
            if (e.remote) {
                firstArg = 2;
                if (e.kids.size() >= 2 && e.kids[0]->kind == ExprKind::Atom &&
                    e.kids[0]->text == "erlang" && e.kids[1]->kind == ExprKind::Atom) {
                    auto n = static_cast<unsigned>(e.kids.size() - 2);
                    const std::string& f = e.kids[1]->text;
                    ok = isGuardBif(f, n) || isArithOp(f, n) || isBoolOp(f, n) || isCompOp(f, n);
                }
            } else if (!e.text.empty()) {
                auto n = static_cast<unsigned>(e.kids.size());
                ok = isGuardBif(e.text, n) &&
                     !(defined_.count({e.text, n}) && noAuto_.count({e.text, n}));
            }
            if (!ok && !e.remote && !e.text.empty()) {
                auto n = static_cast<uint32_t>(e.kids.size());
                if (defined_.count({e.text, n}) || imported_.count({e.text, n})) {
                    d_.error(e.loc, "call to local/imported function " + fnName(e.text, n) +
                                        " is illegal in guard");
                    touchVars(e, env);
                    return;
                }
            }
            if (!ok) {
                illegalGuard(e, env);
                return;
            }
            for (size_t i = firstArg; i < e.kids.size(); ++i)
                guardExpr(*e.kids[i], env);
            return;
        }
        default: illegalGuard(e, env); return;
        }
    }

    // ------------------------------------------------------------ expressions

    void body(const ExprList& exprs, Env& env) {
        for (const auto& e : exprs)
            if (e) expr(*e, env);
    }

    // Sibling expressions: each sees `env` as it was before any of them.
    void siblings(const std::vector<const Expr*>& xs, Env& env) {
        Env base = env;
        for (const Expr* x : xs) {
            if (!x) continue;
            if (x->kind == ExprKind::Var) {
                // Siblings all see `base`; an unbound one is remembered in `env` only.
                useVar(*x, base);
                if (x->text != "_" && !base.count(x->text)) env.emplace(x->text, VarState{});
                continue;
            }
            if (cannotBind(*x)) {
                expr(*x, base);
                continue;
            }
            Env e = base;
            expr(*x, e);
            for (auto& [name, st] : e) {
                if (base.count(name)) continue;
                auto it = env.find(name);
                if (it == env.end()) {
                    env[name] = st;
                } else {
                    it->second.ids.insert(it->second.ids.end(), st.ids.begin(), st.ids.end());
                }
            }
        }
        for (const auto& [name, st] : env)
            if (!base.count(name) && unboundNames_.count(name)) markUsed(st);
    }

    static std::vector<const Expr*> kidsOf(const Expr& e, size_t from = 0) {
        std::vector<const Expr*> out;
        for (size_t i = from; i < e.kids.size(); ++i)
            out.push_back(e.kids[i].get());
        return out;
    }

    void clauseBranch(const Clause& c, const Env& env, std::vector<Env>& branches,
                      const std::string& shadowIn) {
        Env ce = env;
        Env fresh;
        for (const auto& p : c.patterns)
            if (p) pattern(*p, ce, fresh, shadowIn);
        bindFresh(ce, fresh);
        // A try-catch clause's stacktrace variable is not allowed in its guard.
        std::string savedStack = stackVar_;
        stackVar_.clear();
        if (c.patterns.size() == 3 && c.patterns[2] && c.patterns[2]->kind == ExprKind::Var)
            stackVar_ = c.patterns[2]->text;
        guards(c.guards, ce);
        stackVar_ = savedStack;
        body(c.body, ce);
        branches.push_back(std::move(ce));
    }

    void expr(const Expr& e, Env& env) {
        Deeper deeper(*this);
        if (!deeper.ok) return;
        switch (e.kind) {
        case ExprKind::Integer:
        case ExprKind::Float:
        case ExprKind::Atom:
        case ExprKind::Char:
        case ExprKind::String:
        case ExprKind::Nil: return;
        case ExprKind::Var:
            useVar(e, env);
            // Reported once: later uses in the same body stay quiet, as in erl_lint.
            if (e.text != "_" && !env.count(e.text)) env[e.text] = VarState{};
            return;
        case ExprKind::BinOp:
            if (e.text == ":") { // m:f without a call
                d_.error(e.loc, "illegal expression");
                return;
            }
            siblings(kidsOf(e), env);
            return;
        case ExprKind::Tuple:
        case ExprKind::UnaryOp:
        case ExprKind::ExtFunRef:
        case ExprKind::MapField: siblings(kidsOf(e), env); return;
        case ExprKind::Cons: {
            std::vector<const Expr*> xs;
            const Expr* c = &e;
            while (c->kind == ExprKind::Cons) {
                xs.push_back(c->kids[0].get());
                c = c->kids[1].get();
            }
            xs.push_back(c);
            siblings(xs, env);
            return;
        }
        case ExprKind::Map:
        case ExprKind::MapUpdate: {
            std::vector<const Expr*> xs;
            for (const auto& k : e.kids) {
                if (k->kind == ExprKind::MapField) {
                    xs.push_back(k->kids[0].get());
                    xs.push_back(k->kids[1].get());
                } else {
                    xs.push_back(k.get());
                }
            }
            siblings(xs, env);
            return;
        }
        case ExprKind::Binary: {
            std::vector<const Expr*> xs;
            for (const BinSegment& s : e.segments) {
                checkBitTypes(s);
                xs.push_back(s.value.get());
                if (s.size) xs.push_back(s.size.get());
            }
            siblings(xs, env);
            return;
        }
        case ExprKind::Match: {
            expr(*e.kids[1], env);
            Env fresh;
            pattern(*e.kids[0], env, fresh, "");
            bindFresh(env, fresh);
            return;
        }
        case ExprKind::AndAlso:
        case ExprKind::OrElse: {
            expr(*e.kids[0], env);
            Env r = env;
            expr(*e.kids[1], r);
            mergeBranches(env, {r}, e.kind == ExprKind::AndAlso ? "andalso" : "orelse", e.loc,
                          true);
            return;
        }
        case ExprKind::Call:
            if (!e.remote && !e.text.empty())
                checkFunction(e.text, static_cast<uint32_t>(e.kids.size()), e.loc);
            siblings(kidsOf(e), env);
            return;
        case ExprKind::Fun: {
            for (const Clause& c : e.clauses) {
                Env ce = env;
                if (!e.text.empty()) {
                    VarState st;
                    st.ids.push_back(newBinding("_" + e.text, e.loc)); // never "unused"
                    ce[e.text] = std::move(st);
                }
                std::vector<Env> ignored;
                clauseBranch(c, ce, ignored, "fun");
            }
            return;
        }
        case ExprKind::FunRef: {
            const auto arity = static_cast<uint32_t>(e.intValue & 0xFFFFFFFF);
            // A portable function carries bytecode: a BIF (which every node has, by
            // name) cannot be its root.
            if (e.portable && !defined_.count(FnKey{e.text, arity}) &&
                !imported_.count(FnKey{e.text, arity}) && isAutoImported(e.text, arity)) {
                d_.error(e.loc, "pfun " + fnName(e.text, arity) +
                                    ": a BIF cannot be the root of a portable function");
                return;
            }
            checkFunction(e.text, arity, e.loc, false);
            return;
        }
        case ExprKind::Block: body(e.kids, env); return;
        case ExprKind::Case: {
            if (!e.kids.empty()) expr(*e.kids[0], env);
            std::vector<Env> branches;
            for (const Clause& c : e.clauses)
                clauseBranch(c, env, branches, "");
            mergeBranches(env, branches, "case", e.loc, false);
            return;
        }
        case ExprKind::If: {
            std::vector<Env> branches;
            for (const Clause& c : e.clauses)
                clauseBranch(c, env, branches, "");
            mergeBranches(env, branches, "if", e.loc, false);
            return;
        }
        case ExprKind::Receive: {
            std::vector<Env> branches;
            for (const Clause& c : e.clauses)
                clauseBranch(c, env, branches, "");
            if (e.hasAfter && !e.kids.empty()) {
                expr(*e.kids[0], env);
                Env ae = env;
                for (size_t i = 1; i < e.kids.size(); ++i)
                    expr(*e.kids[i], ae);
                branches.push_back(std::move(ae));
            }
            mergeBranches(env, branches, "receive", e.loc, false);
            return;
        }
        case ExprKind::Try: {
            std::vector<Env> branches;
            Env tb = env;
            body(e.kids, tb);
            if (e.clauses.empty()) branches.push_back(tb);
            for (const Clause& c : e.clauses)
                clauseBranch(c, tb, branches, "");
            // Catch clauses see the body's variables only as unsafe.
            Env ce = env;
            mergeBranches(ce, {tb}, "try", e.loc, true);
            for (const Clause& c : e.catchClauses)
                clauseBranch(c, ce, branches, "");
            Env ae = env;
            mergeBranches(ae, {tb}, "try", e.loc, true);
            body(e.afterBody, ae);
            branches.push_back(std::move(ae));
            mergeBranches(env, branches, "try", e.loc, true);
            return;
        }
        case ExprKind::Catch: {
            Env c = env;
            if (!e.kids.empty()) expr(*e.kids[0], c);
            mergeBranches(env, {c}, "catch", e.loc, true);
            return;
        }
        case ExprKind::ListComp:
        case ExprKind::BinComp: {
            Env le = env;
            for (size_t i = 1; i < e.kids.size(); ++i) {
                const Expr& q = *e.kids[i];
                if (q.kind == ExprKind::Generator || q.kind == ExprKind::BinGenerator) {
                    expr(*q.kids[1], le);
                    Env fresh;
                    pattern(*q.kids[0], le, fresh, "generate");
                    bindFresh(le, fresh);
                } else {
                    expr(q, le);
                }
            }
            if (!e.kids.empty()) expr(*e.kids[0], le);
            return;
        }
        case ExprKind::Generator:
        case ExprKind::BinGenerator: siblings(kidsOf(e), env); return;
        }
    }
};

} // namespace

void lintModuleWith(const Module& module, const LintOptions& options, Diagnostics& diags) {
    Linter(module, options, diags).run();
}

void lintModule(const Module& module, Diagnostics& diags) {
    LintOptions defaults;
    lintModuleWith(module, defaults, diags);
}

} // namespace pfun::compiler
