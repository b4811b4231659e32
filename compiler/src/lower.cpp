#include "lower.h"

#include "pfun/compiler/erlang_builtins.h"

#include <algorithm>

namespace pfun::compiler {

namespace {

// erl_lint's is_guard_test: a filter made only of guard expressions is evaluated as a
// guard (any value but true, or an exception, skips the element); any other filter
// must yield a boolean or raises {bad_filter, V}.
bool isGuardTest(const Expr& e, int depth = 0) {
    if (depth > 200) return false;
    auto kidsOk = [&](const Expr& x) {
        for (const auto& k : x.kids)
            if (!k || !isGuardTest(*k, depth + 1)) return false;
        for (const BinSegment& s : x.segments)
            if ((s.value && !isGuardTest(*s.value, depth + 1)) ||
                (s.size && !isGuardTest(*s.size, depth + 1)))
                return false;
        return true;
    };
    switch (e.kind) {
    case ExprKind::Integer:
    case ExprKind::Float:
    case ExprKind::Atom:
    case ExprKind::Char:
    case ExprKind::String:
    case ExprKind::Nil:
    case ExprKind::Var: return true;
    case ExprKind::Cons:
    case ExprKind::Tuple:
    case ExprKind::Map:
    case ExprKind::MapUpdate:
    case ExprKind::MapField:
    case ExprKind::Binary:
    case ExprKind::AndAlso:
    case ExprKind::OrElse: return kidsOk(e);
    case ExprKind::BinOp:
        return (isArithOp(e.text, 2) || isBoolOp(e.text, 2) || isCompOp(e.text, 2)) && kidsOk(e);
    case ExprKind::UnaryOp: return (isArithOp(e.text, 1) || isBoolOp(e.text, 1)) && kidsOk(e);
    case ExprKind::Call: {
        if (e.remote) {
            if (e.kids.size() < 2 || e.kids[0]->kind != ExprKind::Atom ||
                e.kids[0]->text != "erlang" || e.kids[1]->kind != ExprKind::Atom)
                return false;
            auto n = static_cast<unsigned>(e.kids.size() - 2);
            const std::string& f = e.kids[1]->text;
            if (!(isGuardBif(f, n) || isArithOp(f, n) || isBoolOp(f, n) || isCompOp(f, n)))
                return false;
            for (size_t i = 2; i < e.kids.size(); ++i)
                if (!isGuardTest(*e.kids[i], depth + 1)) return false;
            return true;
        }
        if (e.text.empty() || !isGuardBif(e.text, static_cast<unsigned>(e.kids.size())))
            return false;
        return kidsOk(e);
    }
    default: return false;
    }
}

struct Lowerer {
    FunctionGen& g;
    const Expr& comp;
    Loc loc;

    ExprPtr var(const std::string& name) {
        auto v = makeExpr(ExprKind::Var, loc);
        v->text = name;
        return v;
    }
    ExprPtr call(const std::string& name, ExprList args) {
        auto c = makeExpr(ExprKind::Call, loc);
        c->text = name;
        c->kids = std::move(args);
        return c;
    }
    ExprPtr cons(ExprPtr h, ExprPtr t) {
        auto c = makeExpr(ExprKind::Cons, loc);
        c->kids.push_back(std::move(h));
        c->kids.push_back(std::move(t));
        return c;
    }
    ExprPtr atom(const std::string& name) {
        auto a = makeExpr(ExprKind::Atom, loc);
        a->text = name;
        return a;
    }
    // erlang:error({Tag, Var})
    ExprPtr raise(const std::string& tag, const std::string& varName) {
        auto c = makeExpr(ExprKind::Call, loc);
        c->remote = true;
        c->kids.push_back(atom("erlang"));
        c->kids.push_back(atom("error"));
        auto t = makeExpr(ExprKind::Tuple, loc);
        t->kids.push_back(atom(tag));
        t->kids.push_back(var(varName));
        c->kids.push_back(std::move(t));
        return c;
    }
    ExprList withFrees(ExprPtr first, const std::vector<std::string>& frees) {
        ExprList l;
        l.push_back(std::move(first));
        for (const auto& f : frees)
            l.push_back(var(f));
        return l;
    }

    // The last clause of a generator function: anything else is {bad_generator, V}.
    template <class FreePatterns>
    Clause badGenerator(Loc at, const std::string& v, FreePatterns& freePatterns) {
        Clause bad;
        bad.loc = at;
        bad.patterns.push_back(var(v));
        freePatterns(bad);
        bad.body.push_back(raise("bad_generator", v));
        return bad;
    }

    // Builds the expression for qualifiers [qi..] followed by `cont` (the rest of
    // the result list); `bound` are the variables in scope.
    ExprPtr build(size_t qi, const Expr& cont, const std::set<std::string>& bound) {
        const Expr& tmpl = *comp.kids[0];
        if (qi == comp.kids.size()) return cons(cloneExpr(tmpl), cloneExpr(cont));
        const Expr& q = *comp.kids[qi];
        if (q.kind != ExprKind::Generator && q.kind != ExprKind::BinGenerator) {
            auto c = makeExpr(ExprKind::Case, q.loc);
            Clause yes;
            yes.loc = q.loc;
            yes.patterns.push_back(atom("true"));
            yes.body.push_back(build(qi + 1, cont, bound));
            if (isGuardTest(q)) {
                // case true of true when F -> <rest>; _ -> cont end
                c->kids.push_back(atom("true"));
                yes.guards.emplace_back();
                yes.guards.back().push_back(cloneExpr(q));
                c->clauses.push_back(std::move(yes));
                Clause no;
                no.loc = q.loc;
                no.patterns.push_back(var("_"));
                no.body.push_back(cloneExpr(cont));
                c->clauses.push_back(std::move(no));
                return c;
            }
            // case F of true -> <rest>; false -> cont; V -> error({bad_filter, V}) end
            c->kids.push_back(cloneExpr(q));
            c->clauses.push_back(std::move(yes));
            Clause no;
            no.loc = q.loc;
            no.patterns.push_back(atom("false"));
            no.body.push_back(cloneExpr(cont));
            c->clauses.push_back(std::move(no));
            Clause bad;
            bad.loc = q.loc;
            std::string badVar = "%Bad" + std::to_string(g.m.lcCounter["%filter"]++);
            bad.patterns.push_back(var(badVar));
            bad.body.push_back(raise("bad_filter", badVar));
            c->clauses.push_back(std::move(bad));
            return c;
        }
        std::string key = g.outerName + "/" + std::to_string(g.outerArity);
        uint32_t n = g.m.lcCounter[key]++;
        std::string name = "-" + key + "-lc$^" + std::to_string(n) + "/1-0-";
        std::string tailVar = "%Tail" + std::to_string(n);
        std::set<std::string> patVars, used;
        FunctionGen::collectVars(*q.kids[0], patVars);
        for (size_t i = qi + 1; i < comp.kids.size(); ++i)
            FunctionGen::collectVars(*comp.kids[i], used);
        FunctionGen::collectVars(*comp.kids[0], used);
        FunctionGen::collectVars(cont, used);
        if (q.kind == ExprKind::BinGenerator) {
            // Sizes in the binary pattern may use outer variables.
            for (const BinSegment& s : q.kids[0]->segments)
                if (s.size) FunctionGen::collectVars(*s.size, used);
        }
        std::vector<std::string> frees;
        for (const std::string& v : used)
            if (bound.count(v) && !patVars.count(v)) frees.push_back(v);
        if (q.kind == ExprKind::BinGenerator) {
            for (const BinSegment& s : q.kids[0]->segments) {
                std::set<std::string> sv;
                if (s.size) FunctionGen::collectVars(*s.size, sv);
                for (const auto& v : sv)
                    if (bound.count(v) && patVars.count(v) == 0 &&
                        std::find(frees.begin(), frees.end(), v) == frees.end())
                        frees.push_back(v);
            }
        }
        std::set<std::string> inner(frees.begin(), frees.end());
        inner.insert(patVars.begin(), patVars.end());
        inner.insert(tailVar);
        ExprPtr recur = call(name, withFrees(var(tailVar), frees));

        auto fn = std::make_unique<Function>();
        fn->loc = q.loc;
        fn->name = name;
        fn->arity = uint32_t(1 + frees.size());
        auto freePatterns = [&](Clause& c) {
            for (const auto& f : frees)
                c.patterns.push_back(var(f));
        };
        if (q.kind == ExprKind::Generator) {
            Clause take;
            take.loc = q.loc;
            take.patterns.push_back(cons(cloneExpr(*q.kids[0]), var(tailVar)));
            freePatterns(take);
            take.body.push_back(build(qi + 1, *recur, inner));
            Clause skip;
            skip.loc = q.loc;
            skip.patterns.push_back(cons(var("_"), var(tailVar)));
            freePatterns(skip);
            skip.body.push_back(cloneExpr(*recur));
            Clause done;
            done.loc = q.loc;
            done.patterns.push_back(makeExpr(ExprKind::Nil, loc));
            freePatterns(done);
            done.body.push_back(cloneExpr(cont));
            fn->clauses.push_back(std::move(take));
            fn->clauses.push_back(std::move(skip));
            fn->clauses.push_back(std::move(done));
            fn->clauses.push_back(badGenerator(q.loc, tailVar, freePatterns));
        } else {
            Clause take;
            take.loc = q.loc;
            ExprPtr pat = cloneExpr(*q.kids[0]);
            BinSegment rest;
            rest.loc = q.loc;
            rest.value = var(tailVar);
            rest.specs = {"bitstring"};
            pat->segments.push_back(std::move(rest));
            take.patterns.push_back(std::move(pat));
            freePatterns(take);
            take.body.push_back(build(qi + 1, *recur, inner));
            Clause done;
            done.loc = q.loc;
            auto anyBits = makeExpr(ExprKind::Binary, q.loc);
            BinSegment all;
            all.loc = q.loc;
            all.value = var("_");
            all.specs = {"bitstring"};
            anyBits->segments.push_back(std::move(all));
            done.patterns.push_back(std::move(anyBits));
            freePatterns(done);
            done.body.push_back(cloneExpr(cont));
            fn->clauses.push_back(std::move(take));
            fn->clauses.push_back(std::move(done));
            fn->clauses.push_back(badGenerator(q.loc, tailVar, freePatterns));
        }
        g.m.addGenerated(std::move(fn), g.outerName, g.outerArity);
        return call(name, withFrees(cloneExpr(*q.kids[1]), frees));
    }
};

} // namespace

ExprPtr lowerComprehension(FunctionGen& g, const Expr& comp, const Env& env) {
    if (comp.kids.empty()) {
        g.error(comp.loc, "malformed comprehension");
        return nullptr;
    }
    Lowerer l{g, comp, comp.loc};
    std::set<std::string> bound;
    for (const auto& [name, reg] : env)
        bound.insert(name);
    Expr nil(ExprKind::Nil, comp.loc);
    ExprPtr list = l.build(1, nil, bound);
    if (comp.kind != ExprKind::BinComp) return list;
    auto c = makeExpr(ExprKind::Call, comp.loc);
    c->remote = true;
    auto mod = makeExpr(ExprKind::Atom, comp.loc);
    mod->text = "erlang";
    auto fn = makeExpr(ExprKind::Atom, comp.loc);
    fn->text = "list_to_bitstring";
    c->kids.push_back(std::move(mod));
    c->kids.push_back(std::move(fn));
    c->kids.push_back(std::move(list));
    return c;
}

} // namespace pfun::compiler
