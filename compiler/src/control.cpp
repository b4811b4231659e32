// Control flow: function heads, case, if, receive, try, catch.
//
// Branches that join again (case/if/try in a non-tail position) write their value to
// one result register, and variables bound in every branch ("exported", as erlc
// says) are moved into registers reserved before the branches, so after the join
// each variable has one register whichever branch ran.
#include "codegen.h"
#include "pfun/compiler/erlang_builtins.h"

#include <algorithm>

namespace pfun::compiler {

using vm::Term;

void FunctionGen::collectVars(const Expr& e, std::set<std::string>& out, bool intoFuns) {
    if (!intoFuns &&
        (e.kind == ExprKind::Fun || e.kind == ExprKind::ListComp || e.kind == ExprKind::BinComp))
        return;
    if (e.kind == ExprKind::Var && e.text != "_") out.insert(e.text);
    for (const auto& k : e.kids)
        if (k) collectVars(*k, out, intoFuns);
    for (const Clause& c : e.clauses)
        collectClauseVars(c, out, intoFuns);
    for (const Clause& c : e.catchClauses)
        collectClauseVars(c, out, intoFuns);
    for (const auto& k : e.afterBody)
        if (k) collectVars(*k, out, intoFuns);
    for (const BinSegment& s : e.segments) {
        if (s.value) collectVars(*s.value, out, intoFuns);
        if (s.size) collectVars(*s.size, out, intoFuns);
    }
}

void FunctionGen::collectClauseVars(const Clause& c, std::set<std::string>& out, bool intoFuns) {
    for (const auto& p : c.patterns)
        if (p) collectVars(*p, out, intoFuns);
    for (const ExprList& g : c.guards)
        for (const auto& t : g)
            if (t) collectVars(*t, out, intoFuns);
    for (const auto& b : c.body)
        if (b) collectVars(*b, out, intoFuns);
}

void FunctionGen::functionBody(const std::vector<Clause>& clauses, uint32_t arity, Env env) {
    top = std::max(top, arity);
    for (const auto& [name, r] : env)
        top = std::max(top, r + 1);
    maxTop = std::max(maxTop, top);
    size_t mostVars = 0;
    for (const Clause& c : clauses) {
        std::set<std::string> vars;
        collectClauseVars(c, vars, false);
        mostVars = std::max(mostVars, vars.size());
    }
    if (mostVars > kSpillVarThreshold) {
        spillMode = true;
        spillCapacity = static_cast<uint32_t>(std::min<size_t>(mostVars, vm::kMaxSpillSlots));
        spillArea = alloc();
        as.emit(Opcode::SPILL_NEW, spillArea, 0, 0, {Word::val(spillCapacity)});
    }
    std::vector<Reg> subjects;
    for (uint32_t i = 0; i < arity; ++i)
        subjects.push_back(i);
    std::vector<MatchClause> mcs;
    for (const Clause& c : clauses) {
        MatchClause mc;
        mc.clause = &c;
        for (const auto& p : c.patterns)
            mc.patterns.push_back(p.get());
        mcs.push_back(std::move(mc));
    }
    if (!clauses.empty()) setLine(clauses[0].loc);
    if (listBuilder) {
        // Above the arguments, which each round of the loop replaces.
        builder = alloc();
        as.emit(Opcode::HOLE_NEW, builder);
        loopHead = as.newLabel();
        as.bind(loopHead);
    }
    Label fail = as.newLabel();
    m.dump(m.rt.atoms().name(fc.name) + "/" + std::to_string(arity) + ":");
    matchClauses(subjects, mcs, env, true, fail, [&](size_t i, Env& env2, Label gfail) {
        const Clause& c = clauses[i];
        setLine(c.loc);
        guardSeq(c.guards, env2, gfail);
        body(c.body, env2, Dest::ret());
    });
    if (as.used(fail) || clauses.empty()) {
        as.bind(fail);
        if (!clauses.empty()) setLine(clauses[0].loc);
        as.emit(Opcode::ERROR, 0, uint32_t(vm::ErrorKind::FunctionClause));
    }
}

bool FunctionGen::isSelfCall(const Expr& e) const {
    return e.kind == ExprKind::Call && !e.remote && !e.text.empty() && e.kids.size() == fc.arity &&
           m.localFunction(e.text, fc.arity) == &fc;
}

bool FunctionGen::isBifCall(const Expr& e) const {
    if (e.kind != ExprKind::Call) return false;
    std::string_view name;
    size_t n = 0;
    if (e.remote) {
        const Expr& mod = *e.kids[0];
        const Expr& fn = *e.kids[1];
        if (mod.kind != ExprKind::Atom || mod.text != "erlang" || fn.kind != ExprKind::Atom)
            return false;
        name = fn.text;
        n = e.kids.size() - 2;
    } else {
        n = e.kids.size();
        if (e.text.empty() || m.localFunction(e.text, uint32_t(n)) ||
            m.findImport(e.text, uint32_t(n)) || !isAutoImported(e.text, unsigned(n)))
            return false;
        name = e.text;
    }
    if (name == "apply") return false; // APPLY_*: a call
    const std::optional<vm::Term> atom = m.rt.atoms().find(name);
    return atom && m.rt.bifs().find(vm::atoms::kErlang, *atom, uint32_t(n));
}

namespace {

// What the tail positions of a function's clauses hold (those that compile with
// Dest::ret(): a body's last expression, branches of case/if/receive/try, the right
// operand of andalso/orelse).
struct TailScan {
    const FunctionGen& g;
    int selfCons = 0;   // [E, ... | f(...)], f itself
    int otherCalls = 0; // a call that would be a tail call, other than f itself

    void body(const ExprList& es) {
        if (!es.empty() && es.back()) expr(*es.back());
    }
    void clauses(const std::vector<Clause>& cs) {
        for (const Clause& c : cs)
            body(c.body);
    }
    void expr(const Expr& e) {
        switch (e.kind) {
        case ExprKind::Cons: {
            const Expr* p = &e;
            while (p->kind == ExprKind::Cons)
                p = p->kids[1].get();
            if (g.isSelfCall(*p)) ++selfCons;
            break;
        }
        case ExprKind::Call:
            if (!g.isSelfCall(e) && !g.isBifCall(e)) ++otherCalls;
            break;
        case ExprKind::Block: body(e.kids); break;
        case ExprKind::Case:
        case ExprKind::If: clauses(e.clauses); break;
        case ExprKind::Receive:
            clauses(e.clauses);
            if (e.hasAfter && e.kids.size() > 1) expr(*e.kids.back());
            break;
        case ExprKind::Try:
            if (e.afterBody.empty()) {
                clauses(e.clauses);
                clauses(e.catchClauses);
            }
            break;
        case ExprKind::AndAlso:
        case ExprKind::OrElse: expr(*e.kids[1]); break;
        default: break;
        }
    }
};

} // namespace

bool FunctionGen::wantsListBuilder(const std::vector<Clause>& clauses) const {
    TailScan scan{*this};
    scan.clauses(clauses);
    return scan.selfCons > 0 && scan.otherCalls == 0;
}

std::vector<std::string> FunctionGen::exportCandidates(const std::vector<const Clause*>& clauses,
                                                       const Env& env) {
    std::vector<std::string> result;
    bool first = true;
    std::set<std::string> common;
    for (const Clause* c : clauses) {
        std::set<std::string> vars;
        collectClauseVars(*c, vars, false);
        for (auto it = vars.begin(); it != vars.end();)
            it = env.count(*it) ? vars.erase(it) : std::next(it);
        if (first) {
            common = std::move(vars);
            first = false;
        } else {
            std::set<std::string> both;
            std::set_intersection(common.begin(), common.end(), vars.begin(), vars.end(),
                                  std::inserter(both, both.begin()));
            common = std::move(both);
        }
    }
    result.assign(common.begin(), common.end());
    return result;
}

void FunctionGen::bindExports(const std::vector<std::string>& names, const std::vector<Reg>& regs,
                              const std::vector<Env>& ends, Env& env) {
    for (size_t i = 0; i < names.size(); ++i) {
        bool everywhere = !ends.empty();
        for (const Env& e : ends)
            if (!e.count(names[i])) everywhere = false;
        if (everywhere) env[names[i]] = regs[i];
    }
}

// Emits the moves that put a branch's exported variables in their join registers.
static void moveExports(FunctionGen& g, const std::vector<std::string>& names,
                        const std::vector<Reg>& regs, const Env& branch) {
    for (size_t i = 0; i < names.size(); ++i) {
        auto it = branch.find(names[i]);
        if (it != branch.end() && it->second != regs[i]) g.moveFrom(regs[i], it->second);
    }
}

void FunctionGen::caseExpr(const Expr& e, Env& env, Dest d) {
    Reg saved = top;
    Reg subject = exprAny(*e.kids[0], env);
    std::vector<const Clause*> cls;
    for (const Clause& c : e.clauses)
        cls.push_back(&c);
    std::vector<std::string> names;
    std::vector<Reg> regs;
    if (!d.tail) {
        names = exportCandidates(cls, env);
        for (size_t i = 0; i < names.size(); ++i)
            regs.push_back(alloc());
    }
    std::vector<MatchClause> mcs;
    for (const Clause& c : e.clauses) {
        MatchClause mc;
        mc.clause = &c;
        mc.patterns.push_back(c.patterns.empty() ? nullptr : c.patterns[0].get());
        mcs.push_back(std::move(mc));
    }
    Label fail = as.newLabel(), join = as.newLabel();
    std::vector<Env> ends;
    setLine(e.loc);
    m.dump("case at line " + std::to_string(e.loc.line) + ":");
    matchClauses({subject}, mcs, env, false, fail, [&](size_t i, Env& env2, Label gfail) {
        const Clause& c = e.clauses[i];
        guardSeq(c.guards, env2, gfail);
        body(c.body, env2, d);
        if (!d.tail) {
            moveExports(*this, names, regs, env2);
            ends.push_back(env2);
            as.jump(join);
        }
    });
    if (as.used(fail)) {
        as.bind(fail);
        setLine(e.loc);
        as.emit(Opcode::ERROR, subject, uint32_t(vm::ErrorKind::CaseClause));
    }
    as.bind(join);
    bindExports(names, regs, ends, env);
    release(saved, env);
}

void FunctionGen::ifExpr(const Expr& e, Env& env, Dest d) {
    Reg saved = top;
    std::vector<const Clause*> cls;
    for (const Clause& c : e.clauses)
        cls.push_back(&c);
    std::vector<std::string> names;
    std::vector<Reg> regs;
    if (!d.tail) {
        names = exportCandidates(cls, env);
        for (size_t i = 0; i < names.size(); ++i)
            regs.push_back(alloc());
    }
    Label join = as.newLabel();
    std::vector<Env> ends;
    for (const Clause& c : e.clauses) {
        Label next = as.newLabel();
        Env env2 = env;
        Reg mark = top;
        setLine(c.loc);
        guardSeq(c.guards, env2, next);
        body(c.body, env2, d);
        if (!d.tail) {
            moveExports(*this, names, regs, env2);
            ends.push_back(env2);
            as.jump(join);
        }
        top = mark;
        as.bind(next);
    }
    setLine(e.loc);
    as.emit(Opcode::ERROR, 0, uint32_t(vm::ErrorKind::IfClause));
    as.bind(join);
    bindExports(names, regs, ends, env);
    release(saved, env);
}

void FunctionGen::receiveExpr(const Expr& e, Env& env, Dest d) {
    // The loop of isa.h's "Receive" convention.
    Reg saved = top;
    std::vector<const Clause*> cls;
    for (const Clause& c : e.clauses)
        cls.push_back(&c);
    std::vector<std::string> names;
    std::vector<Reg> regs;
    if (!d.tail && !cls.empty()) {
        names = exportCandidates(cls, env);
        if (e.hasAfter) {
            std::set<std::string> afterVars;
            for (size_t i = 1; i < e.kids.size(); ++i)
                collectVars(*e.kids[i], afterVars, false);
            std::erase_if(names, [&](const std::string& n) { return !afterVars.count(n); });
        }
        for (size_t i = 0; i < names.size(); ++i)
            regs.push_back(alloc());
    }
    setLine(e.loc);
    Reg timeout;
    if (e.hasAfter && !e.kids.empty()) {
        timeout = exprAny(*e.kids[0], env);
    } else {
        timeout = alloc();
        as.emit(Opcode::LOADK, timeout, 0, 0, {Word::val(as.literal(vm::atoms::kInfinity))});
    }
    Reg msg = alloc();
    Label loop = as.newLabel(), next = as.newLabel(), wait = as.newLabel(), join = as.newLabel();
    as.bind(loop);
    as.emit(Opcode::RECV_PEEK, msg, 0, 0, {Word::label(wait)});
    std::vector<MatchClause> mcs;
    for (const Clause& c : e.clauses) {
        MatchClause mc;
        mc.clause = &c;
        mc.patterns.push_back(c.patterns.empty() ? nullptr : c.patterns[0].get());
        mcs.push_back(std::move(mc));
    }
    std::vector<Env> ends;
    matchClauses({msg}, mcs, env, false, next, [&](size_t i, Env& env2, Label gfail) {
        const Clause& c = e.clauses[i];
        guardSeq(c.guards, env2, gfail);
        setLine(c.loc);
        as.emit(Opcode::RECV_ACCEPT);
        body(c.body, env2, d);
        if (!d.tail) {
            moveExports(*this, names, regs, env2);
            ends.push_back(env2);
            as.jump(join);
        }
    });
    if (as.used(next)) {
        as.bind(next);
        as.emit(Opcode::RECV_NEXT, 0, 0, 0, {Word::label(loop)});
    }
    as.bind(wait);
    setLine(e.loc);
    as.emit(Opcode::RECV_WAIT, timeout, 0, 0, {Word::label(loop)});
    if (e.hasAfter) {
        Env aenv = env;
        if (e.kids.size() <= 1) {
            Reg r = d.tail ? alloc() : d.reg;
            as.emit(Opcode::LOADK, r, 0, 0, {Word::val(as.literal(vm::atoms::kOk))});
            finish(d, r);
        }
        for (size_t i = 1; i < e.kids.size(); ++i) {
            if (i + 1 < e.kids.size()) {
                Reg mark = top;
                exprAny(*e.kids[i], aenv);
                release(mark, aenv);
            } else {
                expr(*e.kids[i], aenv, d);
            }
        }
        if (!d.tail) {
            moveExports(*this, names, regs, aenv);
            ends.push_back(aenv);
        }
    } else {
        as.jump(loop); // RECV_WAIT with infinity does not fall through
    }
    as.bind(join);
    bindExports(names, regs, ends, env);
    release(saved, env);
}

void FunctionGen::catchExpr(const Expr& e, Env& env, Dest d) {
    Reg saved = top;
    Reg r = (!d.tail && d.reg + 1 == top) ? d.reg : alloc();
    Label done = as.newLabel();
    setLine(e.loc);
    as.emit(Opcode::CATCH, r, 0, 0, {Word::label(done)});
    Env inner = env; // bindings inside catch are not visible after it
    exprInto(*e.kids[0], inner, r);
    as.emit(Opcode::TRY_END);
    as.bind(done);
    finish(d, r);
    release(saved, env);
}

void FunctionGen::tryExpr(const Expr& e, Env& env, Dest d) {
    Reg saved = top;
    bool hasAfter = !e.afterBody.empty();
    Dest inner = d;
    Reg res = 0, afterBase = 0;
    Label afterHandler = kRaise;
    if (hasAfter) {
        res = d.tail ? alloc() : d.reg;
        afterBase = alloc(3);
        afterHandler = as.newLabel();
        setLine(e.loc);
        as.emit(Opcode::TRY, afterBase, 0, 0, {Word::label(afterHandler)});
        inner = Dest::to(res);
    }
    Label done = as.newLabel(), handler = as.newLabel();
    Reg base = alloc(3);
    Reg mark = top;
    setLine(e.loc);
    as.emit(Opcode::TRY, base, 0, 0, {Word::label(handler)});
    Reg v = alloc();
    Env benv = env;
    body(e.kids, benv, Dest::to(v));
    release(v + 1, benv);
    as.emit(Opcode::TRY_END);
    if (!e.clauses.empty()) {
        std::vector<MatchClause> mcs;
        for (const Clause& c : e.clauses) {
            MatchClause mc;
            mc.clause = &c;
            mc.patterns.push_back(c.patterns.empty() ? nullptr : c.patterns[0].get());
            mcs.push_back(std::move(mc));
        }
        Label fail = as.newLabel();
        matchClauses({v}, mcs, benv, false, fail, [&](size_t i, Env& env2, Label gfail) {
            const Clause& c = e.clauses[i];
            guardSeq(c.guards, env2, gfail);
            body(c.body, env2, inner);
            if (!inner.tail) as.jump(done);
        });
        if (as.used(fail)) {
            as.bind(fail);
            setLine(e.loc);
            as.emit(Opcode::ERROR, v, uint32_t(vm::ErrorKind::TryClause));
        }
    } else {
        finish(inner, v);
        if (!inner.tail) as.jump(done);
    }
    // The handler: the interpreter has popped it and set R[base..base+3).
    top = mark;
    as.bind(handler);
    std::vector<MatchClause> mcs;
    for (const Clause& c : e.catchClauses) {
        MatchClause mc;
        mc.clause = &c;
        for (size_t i = 0; i < 3; ++i)
            mc.patterns.push_back(i < c.patterns.size() ? c.patterns[i].get() : nullptr);
        mcs.push_back(std::move(mc));
    }
    Label reraise = as.newLabel();
    matchClauses({base, base + 1, base + 2}, mcs, env, false, reraise,
                 [&](size_t i, Env& env2, Label gfail) {
                     const Clause& c = e.catchClauses[i];
                     setLine(c.loc);
                     guardSeq(c.guards, env2, gfail);
                     body(c.body, env2, inner);
                     if (!inner.tail) as.jump(done);
                 });
    as.bind(reraise);
    as.emit(Opcode::RAISE, base, base + 1, base + 2);
    as.bind(done);
    top = mark;
    if (hasAfter) {
        as.emit(Opcode::TRY_END);
        Label end = as.newLabel();
        {
            Env aenv = env;
            Reg t = alloc();
            body(e.afterBody, aenv, Dest::to(t));
            top = mark;
        }
        finish(d, res);
        if (!d.tail) as.jump(end);
        as.bind(afterHandler);
        {
            Env aenv = env;
            Reg t = alloc();
            body(e.afterBody, aenv, Dest::to(t));
            top = mark;
        }
        as.emit(Opcode::RAISE, afterBase, afterBase + 1, afterBase + 2);
        as.bind(end);
    }
    release(saved, env);
}

} // namespace pfun::compiler
