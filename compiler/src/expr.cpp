// Expression emission: every expression kind to instructions, under the register
// stack discipline of codegen.h. Calls in tail position become TAILCALL /
// TAILCALL_FUN / TAILAPPLY; `Dest::ret()` marks a tail position.
#include "codegen.h"
#include "lower.h"
#include "pfun/compiler/erlang_builtins.h"

#include <algorithm>

namespace pfun::compiler {

using vm::Term;

FunctionGen::FunctionGen(ModuleGen& mg, vm::FunctionCode& f, std::string outer, uint32_t outerA)
    : m(mg), fc(f), as(f), outerName(std::move(outer)), outerArity(outerA) {}

Reg FunctionGen::alloc(uint32_t n) {
    Reg r = top;
    top += n;
    if (top > maxTop) maxTop = top;
    if (top > vm::kMaxRegisters) tooManyRegisters = true;
    return r;
}

void FunctionGen::release(Reg saved, const Env& env) {
    Reg t = saved;
    for (const auto& [name, r] : env)
        if (!isSpilled(r)) t = std::max(t, r + 1);
    top = t;
}

Reg FunctionGen::use(Reg r) {
    if (!isSpilled(r)) return r;
    Reg t = alloc();
    moveFrom(t, r);
    return t;
}

void FunctionGen::moveFrom(Reg dst, Reg r) {
    if (isSpilled(r))
        as.emit(Opcode::GET_ELEM, dst, spillArea, 0, {Word::val(r - kSpillBase)});
    else if (dst != r)
        as.emit(Opcode::MOVE, dst, r);
}

void FunctionGen::finish(Dest d, Reg v) {
    if (d.tail)
        emitReturn(v);
    else if (v != d.reg)
        as.emit(Opcode::MOVE, d.reg, v);
}

void FunctionGen::emitReturn(Reg v) {
    if (listBuilder)
        as.emit(Opcode::HOLE_RETURN, builder, v);
    else
        as.emit(Opcode::RETURN, v);
}

std::optional<vm::CmpKind> cmpKindFor(std::string_view op) {
    using vm::CmpKind;
    if (op == "=:=") return CmpKind::ExactEq;
    if (op == "=/=") return CmpKind::ExactNe;
    if (op == "==") return CmpKind::Eq;
    if (op == "/=") return CmpKind::Ne;
    if (op == "<") return CmpKind::Lt;
    if (op == "=<") return CmpKind::Le;
    if (op == ">") return CmpKind::Gt;
    if (op == ">=") return CmpKind::Ge;
    return std::nullopt;
}

std::optional<Opcode> arithOpFor(std::string_view op) {
    if (op == "+") return Opcode::ADD;
    if (op == "-") return Opcode::SUB;
    if (op == "*") return Opcode::MUL;
    if (op == "/") return Opcode::FDIV;
    if (op == "div") return Opcode::IDIV;
    if (op == "rem") return Opcode::REM;
    if (op == "band") return Opcode::BAND;
    if (op == "bor") return Opcode::BOR;
    if (op == "bxor") return Opcode::BXOR;
    if (op == "bsl") return Opcode::BSL;
    if (op == "bsr") return Opcode::BSR;
    return std::nullopt;
}

std::optional<vm::TypeTest> typeTestFor(std::string_view name, unsigned arity) {
    using vm::TypeTest;
    if (arity != 1) return std::nullopt;
    static const std::pair<std::string_view, TypeTest> kTests[] = {
        {"is_atom", TypeTest::Atom},
        {"is_binary", TypeTest::Binary},
        {"is_bitstring", TypeTest::Bitstring},
        {"is_boolean", TypeTest::Boolean},
        {"is_float", TypeTest::Float},
        {"is_function", TypeTest::Function},
        {"is_integer", TypeTest::Integer},
        {"is_list", TypeTest::List},
        {"is_map", TypeTest::Map},
        {"is_number", TypeTest::Number},
        {"is_pid", TypeTest::Pid},
        {"is_port", TypeTest::Port},
        {"is_reference", TypeTest::Reference},
        {"is_tuple", TypeTest::Tuple},
    };
    for (auto& [n, t] : kTests)
        if (n == name) return t;
    return std::nullopt;
}

std::optional<Term> FunctionGen::constant(const Expr& e) {
    switch (e.kind) {
    case ExprKind::Integer:
    case ExprKind::Char: return m.litInteger(e);
    case ExprKind::Float: return m.litFloat(e.floatValue);
    case ExprKind::Atom: return m.atom(e.text);
    case ExprKind::Nil: return Term::nil();
    case ExprKind::String: return m.litString(e.str);
    case ExprKind::UnaryOp: {
        const Expr& k = *e.kids[0];
        if (e.text == "+" &&
            (k.kind == ExprKind::Integer || k.kind == ExprKind::Float || k.kind == ExprKind::Char))
            return constant(k);
        if (e.text != "-") return std::nullopt;
        if (k.kind == ExprKind::Float) return m.litFloat(-k.floatValue);
        if (k.kind == ExprKind::Integer || k.kind == ExprKind::Char) {
            Expr neg(ExprKind::Integer, k.loc);
            if (k.bigValue.empty()) {
                neg.intValue = -k.intValue;
            } else {
                neg.bigValue = k.bigValue[0] == '-' ? k.bigValue.substr(1) : "-" + k.bigValue;
            }
            return m.litInteger(neg);
        }
        if (k.kind == ExprKind::UnaryOp) {
            // -(-1) and friends.
            auto inner = constant(k);
            if (inner && inner->isSmall()) return Term::makeSmall(-inner->small());
        }
        return std::nullopt;
    }
    case ExprKind::Tuple: {
        std::vector<Term> elems;
        for (const auto& k : e.kids) {
            auto c = constant(*k);
            if (!c) return std::nullopt;
            elems.push_back(*c);
        }
        return m.litTuple(elems);
    }
    case ExprKind::Cons: {
        std::vector<Term> elems;
        const Expr* p = &e;
        while (p->kind == ExprKind::Cons) {
            auto c = constant(*p->kids[0]);
            if (!c) return std::nullopt;
            elems.push_back(*c);
            p = p->kids[1].get();
        }
        auto tail = constant(*p);
        if (!tail) return std::nullopt;
        return m.litList(elems, *tail);
    }
    default: return std::nullopt;
    }
}

// True when evaluating e may bind variables visible after it (so its value must not
// be computed directly inside a call window, which the call clobbers).
static bool mayBind(const Expr& e) {
    switch (e.kind) {
    case ExprKind::Match:
    case ExprKind::Case:
    case ExprKind::If:
    case ExprKind::Block:
    case ExprKind::Try:
    case ExprKind::Receive: return true;
    case ExprKind::Fun:
    case ExprKind::ListComp:
    case ExprKind::BinComp: return false;
    default: break;
    }
    for (const auto& k : e.kids)
        if (k && mayBind(*k)) return true;
    for (const auto& s : e.segments)
        if ((s.value && mayBind(*s.value)) || (s.size && mayBind(*s.size))) return true;
    return false;
}

Reg FunctionGen::exprAny(const Expr& e, Env& env) {
    if (e.kind == ExprKind::Var) {
        auto it = env.find(e.text);
        if (it != env.end()) return use(it->second);
    }
    Reg r = alloc();
    exprInto(e, env, r);
    release(r + 1, env);
    return r;
}

static void loadConst(FunctionGen& g, Reg r, Term t) {
    if (t.isSmall() && t.small() >= INT32_MIN && t.small() <= INT32_MAX)
        g.as.emit(Opcode::LOADI, r, 0, 0, {Word::val(uint32_t(int32_t(t.small())))});
    else if (t.isNil())
        g.as.emit(Opcode::LOADNIL, r);
    else
        g.as.emit(Opcode::LOADK, r, 0, 0, {Word::val(g.as.literal(t))});
}

void FunctionGen::body(const ExprList& es, Env& env, Dest d) {
    if (es.empty()) {
        Reg r = d.tail ? alloc() : d.reg;
        loadConst(*this, r, vm::atoms::kOk);
        finish(d, r);
        return;
    }
    for (size_t i = 0; i + 1 < es.size(); ++i) {
        Reg saved = top;
        exprAny(*es[i], env);
        release(saved, env);
    }
    expr(*es.back(), env, d);
}

void FunctionGen::expr(const Expr& e, Env& env, Dest d) {
    uint32_t savedLine = as.line;
    setLine(e.loc);
    switch (e.kind) {
    case ExprKind::Integer:
    case ExprKind::Char:
    case ExprKind::Float:
    case ExprKind::Atom:
    case ExprKind::String:
    case ExprKind::Nil: {
        Reg r = d.tail ? alloc() : d.reg;
        if (auto c = constant(e)) loadConst(*this, r, *c);
        finish(d, r);
        break;
    }
    case ExprKind::Var: {
        auto it = env.find(e.text);
        if (it == env.end()) {
            error(e.loc, "variable '" + e.text + "' is unbound");
            break;
        }
        if (isSpilled(it->second)) {
            Reg r = d.tail ? alloc() : d.reg;
            moveFrom(r, it->second);
            finish(d, r);
            break;
        }
        finish(d, it->second);
        break;
    }
    case ExprKind::Tuple: tupleExpr(e, env, d); break;
    case ExprKind::Cons: listExpr(e, env, d); break;
    case ExprKind::Map:
    case ExprKind::MapUpdate: mapExpr(e, env, d); break;
    case ExprKind::Binary: binaryExpr(e, env, d); break;
    case ExprKind::Match: matchExpr(e, env, d); break;
    case ExprKind::BinOp: binOp(e, env, d); break;
    case ExprKind::UnaryOp: unaryOp(e, env, d); break;
    case ExprKind::AndAlso:
    case ExprKind::OrElse: boolOp(e, env, d); break;
    case ExprKind::Call: callExpr(e, env, d); break;
    case ExprKind::Fun: funExpr(e, env, d); break;
    case ExprKind::FunRef: funRefExpr(e, env, d); break;
    case ExprKind::ExtFunRef: extFunRefExpr(e, env, d); break;
    case ExprKind::Block: body(e.kids, env, d); break;
    case ExprKind::Case: caseExpr(e, env, d); break;
    case ExprKind::If: ifExpr(e, env, d); break;
    case ExprKind::Try: tryExpr(e, env, d); break;
    case ExprKind::Catch: catchExpr(e, env, d); break;
    case ExprKind::ListComp:
    case ExprKind::BinComp: comprehension(e, env, d); break;
    case ExprKind::Receive: receiveExpr(e, env, d); break;
    case ExprKind::MapField:
    case ExprKind::Generator:
    case ExprKind::BinGenerator: error(e.loc, "illegal expression"); break;
    }
    as.line = savedLine ? savedLine : as.line;
}

// ---- constructors ----

void FunctionGen::tupleExpr(const Expr& e, Env& env, Dest d) {
    if (auto c = constant(e)) {
        Reg r = d.tail ? alloc() : d.reg;
        loadConst(*this, r, *c);
        finish(d, r);
        return;
    }
    size_t n = e.kids.size();
    if (n > 255) {
        error(e.loc, "tuple too large to build (more than 255 elements)");
        return;
    }
    Reg saved = top;
    Reg base = alloc(uint32_t(n));
    for (size_t i = 0; i < n; ++i) {
        exprInto(*e.kids[i], env, base + Reg(i));
        release(base + Reg(n), env);
    }
    Reg r = d.tail ? alloc() : d.reg;
    as.emit(Opcode::TUPLE, r, base, uint32_t(n));
    finish(d, r);
    release(saved, env);
}

static bool isSimple(const Expr& e) {
    switch (e.kind) {
    case ExprKind::Var:
    case ExprKind::Integer:
    case ExprKind::Char:
    case ExprKind::Float:
    case ExprKind::Atom:
    case ExprKind::Nil:
    case ExprKind::String: return true;
    default: return false;
    }
}

void FunctionGen::listExpr(const Expr& e, Env& env, Dest d) {
    if (auto c = constant(e)) {
        Reg r = d.tail ? alloc() : d.reg;
        loadConst(*this, r, *c);
        finish(d, r);
        return;
    }
    // Flatten [H1, H2, ... | T]; heads with effects are evaluated first, in order,
    // then the list is built from the tail so simple heads need no register.
    std::vector<const Expr*> heads;
    const Expr* p = &e;
    while (p->kind == ExprKind::Cons) {
        heads.push_back(p->kids[0].get());
        p = p->kids[1].get();
    }
    const Expr* tail = p;
    if (d.tail && listBuilder && isSelfCall(*tail)) {
        // Tail recursion modulo cons: append the heads, in order, and loop.
        Reg saved = top;
        for (const Expr* h : heads) {
            Reg mark = top;
            as.emit(Opcode::HOLE_PUT, builder, exprAny(*h, env));
            release(mark, env);
        }
        std::vector<const Expr*> args;
        for (const auto& k : tail->kids)
            args.push_back(k.get());
        setLine(tail->loc);
        loopCall(args, env);
        release(saved, env);
        return;
    }
    size_t lastComplex = 0; // heads[0..lastComplex) are evaluated up front
    for (size_t i = 0; i < heads.size(); ++i)
        if (!isSimple(*heads[i])) lastComplex = i + 1;
    Reg saved = top;
    std::vector<Reg> headRegs(heads.size(), 0);
    for (size_t i = 0; i < lastComplex; ++i)
        headRegs[i] = exprAny(*heads[i], env);
    Reg acc = d.tail ? alloc() : d.reg;
    Reg t = exprAny(*tail, env);
    Reg cur = t;
    for (size_t i = heads.size(); i-- > 0;) {
        Reg mark = top; // a simple head's temporary (a spilled variable) dies at once
        Reg h = i < lastComplex ? headRegs[i] : exprAny(*heads[i], env);
        as.emit(Opcode::CONS, acc, h, cur);
        cur = acc;
        release(mark, env);
    }
    finish(d, acc);
    release(saved, env);
}

void FunctionGen::mapExpr(const Expr& e, Env& env, Dest d) {
    Reg saved = top;
    Reg r = d.tail ? alloc() : d.reg;
    size_t first = e.kind == ExprKind::MapUpdate ? 1 : 0;
    Reg cur = 0;
    if (e.kind == ExprKind::MapUpdate) cur = exprAny(*e.kids[0], env);
    bool built = e.kind == ExprKind::MapUpdate;
    size_t i = first;
    if (!built && e.kids.empty()) {
        as.emit(Opcode::MAP_NEW, r, 0, 0);
        finish(d, r);
        return;
    }
    while (i < e.kids.size()) {
        bool exact = e.kids[i]->text == ":=";
        size_t j = i;
        while (j < e.kids.size() && (e.kids[j]->text == ":=") == exact && j - i < 127)
            ++j;
        size_t n = j - i;
        Reg mark = top;
        Reg base = alloc(uint32_t(2 * n));
        for (size_t k = 0; k < n; ++k) {
            exprInto(*e.kids[i + k]->kids[0], env, base + Reg(2 * k));
            release(base + Reg(2 * n), env);
            exprInto(*e.kids[i + k]->kids[1], env, base + Reg(2 * k + 1));
            release(base + Reg(2 * n), env);
        }
        if (!built) {
            as.emit(Opcode::MAP_NEW, r, base, uint32_t(n));
            built = true;
        } else {
            as.emit(exact ? Opcode::MAP_UPDATE : Opcode::MAP_PUT, r, cur, base,
                    {Word::val(uint32_t(n)), Word::label(guardFail)});
        }
        cur = r;
        release(mark, env);
        i = j;
    }
    if (cur != r) as.emit(Opcode::MOVE, r, cur);
    finish(d, r);
    release(saved, env);
}

// ---- match ----

void FunctionGen::matchExpr(const Expr& e, Env& env, Dest d) {
    const Expr& pat = *e.kids[0];
    if (pat.kind == ExprKind::Var && pat.text == "_") {
        expr(*e.kids[1], env, d);
        return;
    }
    if (pat.kind == ExprKind::Var && !env.count(pat.text)) {
        Reg v;
        if (d.tail) {
            v = exprAny(*e.kids[1], env);
        } else {
            exprInto(*e.kids[1], env, d.reg);
            v = d.reg;
        }
        if (spillMode && !d.tail && v >= kSpillFrom) {
            auto [it, fresh] =
                spillSlots.emplace(pat.text, static_cast<uint32_t>(spillSlots.size()));
            if (it->second < spillCapacity) {
                as.emit(Opcode::SPILL_PUT, spillArea, v, 0, {Word::val(it->second)});
                env[pat.text] = kSpillBase + it->second;
                return;
            }
            if (fresh) spillSlots.erase(it);
        }
        env[pat.text] = v;
        if (d.tail) finish(d, v);
        return;
    }
    Reg v = exprAny(*e.kids[1], env);
    setLine(e.loc);
    Label fail = as.newLabel(), ok = as.newLabel();
    Env bound;
    std::vector<MatchClause> cl{{{&pat}, nullptr}};
    matchClauses({v}, cl, env, false, fail, [&](size_t, Env& env2, Label) {
        bound = env2;
        as.jump(ok);
    });
    if (as.used(fail)) {
        as.bind(fail);
        as.emit(Opcode::ERROR, v, uint32_t(vm::ErrorKind::Badmatch));
    }
    as.bind(ok);
    for (auto& [name, reg] : bound)
        env[name] = reg;
    release(top, env);
    finish(d, v);
}

// ---- operators ----

namespace {

// An integer literal that fits the signed-byte C field of ADDI/MULI/REMI/CMPI.
bool smallImmediate(const Expr& e) {
    return e.kind == ExprKind::Integer && e.bigValue.empty() && e.intValue >= -128 &&
           e.intValue <= 127;
}

} // namespace

// The left operand of an arithmetic operator. A nested operator (a long chain like
// A + B + C + ...) is computed straight into the destination register, which the
// right operand cannot touch (it is below top and no variable's), so a chain of any
// length needs two registers instead of one per link.
Reg FunctionGen::leftOperand(const Expr& left, Env& env, Dest d) {
    bool nested = left.kind == ExprKind::BinOp && arithOpFor(left.text);
    if (d.tail || !nested) return exprAny(left, env);
    exprInto(left, env, d.reg);
    return d.reg;
}

void FunctionGen::binOp(const Expr& e, Env& env, Dest d) {
    const std::string& op = e.text;
    Reg saved = top;
    if (auto aop = arithOpFor(op)) {
        // ADDI for `X + small` and `X - small`.
        if ((op == "+" || op == "-") && e.kids[1]->kind == ExprKind::Integer &&
            e.kids[1]->bigValue.empty()) {
            int64_t k = op == "+" ? e.kids[1]->intValue : -e.kids[1]->intValue;
            if (k >= -128 && k <= 127) {
                Reg a = exprAny(*e.kids[0], env);
                Reg r = d.tail ? alloc() : d.reg;
                setLine(e.loc);
                as.emit(Opcode::ADDI, r, a, uint32_t(k) & 0xff, {Word::label(guardFail)});
                finish(d, r);
                release(saved, env);
                return;
            }
        }
        // MULI and REMI for `X * small` and `X rem small` (small nonzero for rem).
        if ((op == "*" || op == "rem") && smallImmediate(*e.kids[1]) &&
            (op == "*" || e.kids[1]->intValue != 0)) {
            Reg a = exprAny(*e.kids[0], env);
            Reg r = d.tail ? alloc() : d.reg;
            setLine(e.loc);
            as.emit(op == "*" ? Opcode::MULI : Opcode::REMI, r, a,
                    uint32_t(e.kids[1]->intValue) & 0xff, {Word::label(guardFail)});
            finish(d, r);
            release(saved, env);
            return;
        }
        Reg a = leftOperand(*e.kids[0], env, d);
        Reg b = exprAny(*e.kids[1], env);
        Reg r = d.tail ? alloc() : d.reg;
        setLine(e.loc);
        as.emit(*aop, r, a, b, {Word::label(guardFail)});
        finish(d, r);
        release(saved, env);
        return;
    }
    if (auto cmp = cmpKindFor(op)) {
        if (smallImmediate(*e.kids[1])) {
            // CMPI: comparison with a small integer literal, no LOADI.
            Reg a = exprAny(*e.kids[0], env);
            Reg r = d.tail ? alloc() : d.reg;
            as.emit(Opcode::CMPI, r, a, uint32_t(e.kids[1]->intValue) & 0xff,
                    {Word::val(uint32_t(*cmp))});
            finish(d, r);
            release(saved, env);
            return;
        }
        Reg a = exprAny(*e.kids[0], env);
        Reg b = exprAny(*e.kids[1], env);
        Reg r = d.tail ? alloc() : d.reg;
        as.emit(Opcode::CMP, r, a, b, {Word::val(uint32_t(*cmp))});
        finish(d, r);
        release(saved, env);
        return;
    }
    // and, or, xor, ++, --, ! are calls to erlang:Op/2.
    callErlang(op, {e.kids[0].get(), e.kids[1].get()}, env, d, e.loc);
}

void FunctionGen::unaryOp(const Expr& e, Env& env, Dest d) {
    Reg saved = top;
    if (auto c = constant(e)) {
        Reg r = d.tail ? alloc() : d.reg;
        loadConst(*this, r, *c);
        finish(d, r);
        return;
    }
    Reg a = exprAny(*e.kids[0], env);
    Reg r = d.tail ? alloc() : d.reg;
    setLine(e.loc);
    if (e.text == "-")
        as.emit(Opcode::NEG, r, a, 0, {Word::label(guardFail)});
    else if (e.text == "+")
        as.emit(Opcode::ADDI, r, a, 0, {Word::label(guardFail)});
    else if (e.text == "not")
        as.emit(Opcode::NOT, r, a, 0, {Word::label(guardFail)});
    else if (e.text == "bnot")
        as.emit(Opcode::BNOT, r, a, 0, {Word::label(guardFail)});
    else
        error(e.loc, "unknown operator '" + e.text + "'");
    finish(d, r);
    release(saved, env);
}

void FunctionGen::testToBool(const Expr& e, Env& env, Dest d) {
    Reg r = d.tail ? alloc() : d.reg;
    Label no = as.newLabel(), end = as.newLabel();
    Env scratch = env;
    Reg saved = top;
    guardTest(e, scratch, no);
    top = saved;
    loadConst(*this, r, vm::atoms::kTrue);
    as.jump(end);
    as.bind(no);
    loadConst(*this, r, vm::atoms::kFalse);
    as.bind(end);
    finish(d, r);
}

void FunctionGen::boolOp(const Expr& e, Env& env, Dest d) {
    if (guardFail != kRaise) {
        testToBool(e, env, d);
        return;
    }
    bool isAnd = e.kind == ExprKind::AndAlso;
    Reg saved = top;
    Reg r = d.tail ? alloc() : d.reg;
    exprInto(*e.kids[0], env, r);
    release(std::max(saved, r + 1), env);
    Label done = as.newLabel(), bad = as.newLabel();
    // andalso: false -> false; true -> the right operand; anything else -> {badarg, X}.
    as.emit(
        Opcode::TEST_NE_K, r, 0, 0,
        {Word::val(as.literal(isAnd ? vm::atoms::kFalse : vm::atoms::kTrue)), Word::label(done)});
    as.emit(
        Opcode::TEST_EQ_K, r, 0, 0,
        {Word::val(as.literal(isAnd ? vm::atoms::kTrue : vm::atoms::kFalse)), Word::label(bad)});
    Env right = env; // bindings in the right operand are not visible after it
    Reg mark = top;
    expr(*e.kids[1], right, d.tail ? Dest::ret() : Dest::to(r));
    top = mark;
    if (!d.tail) as.jump(done);
    as.bind(bad);
    {
        Reg t = alloc(2);
        as.emit(Opcode::LOADK, t, 0, 0, {Word::val(as.literal(vm::atoms::kBadarg))});
        as.emit(Opcode::MOVE, t + 1, r);
        Reg reason = alloc();
        as.emit(Opcode::TUPLE, reason, t, 2);
        Expr arg(ExprKind::Var, e.loc);
        arg.text = "%badarg";
        Env errEnv = env;
        errEnv[arg.text] = reason;
        callErlang("error", {&arg}, errEnv, Dest::to(reason), e.loc);
        top = mark;
    }
    as.bind(done);
    if (d.tail) emitReturn(r);
    release(saved, env);
}

// ---- calls ----

void FunctionGen::callWindow(Opcode op, Opcode tailOp, const std::vector<const Expr*>& prefix,
                             const std::vector<const Expr*>& args, Env& env, Dest d,
                             uint32_t target, bool hasTarget, uint32_t n) {
    std::vector<const Expr*> all = prefix;
    all.insert(all.end(), args.begin(), args.end());
    Reg saved = top;
    if (d.tail && listBuilder) {
        // The value goes into the builder's hole: no tail call here (a self call
        // loops in callExpr). wantsListBuilder keeps such calls out of the loops it
        // makes, so that mutual tail recursion stays in constant stack.
        Reg r = alloc();
        callWindow(op, tailOp, prefix, args, env, Dest::to(r), target, hasTarget, n);
        emitReturn(r);
        release(saved, env);
        return;
    }
    if (op == Opcode::CALL_FUN && !d.tail && all.size() == 2) {
        // CALL_FUN1 takes the fun and its one argument from any registers.
        Reg f = exprAny(*all[0], env);
        Reg x = exprAny(*all[1], env);
        Reg base = d.reg + 1 == top ? d.reg : alloc();
        alloc();
        as.emit(Opcode::CALL_FUN1, base, f, x);
        finish(d, base);
        release(saved, env);
        return;
    }
    if (d.tail && tailOp == Opcode::TAILCALL && hasTarget && !all.empty() &&
        tailCallInPlace(all, env, target, n)) {
        release(saved, env);
        return;
    }
    bool safe = std::none_of(all.begin(), all.end(), [](const Expr* x) { return mayBind(*x); });
    Reg base;
    if (!safe) {
        // Evaluate into temporaries first: bindings made by the arguments must live
        // below the window.
        std::vector<Reg> vals;
        for (const Expr* a : all)
            vals.push_back(exprAny(*a, env));
        base = alloc(std::max<uint32_t>(uint32_t(all.size()), 1));
        for (size_t i = 0; i < all.size(); ++i)
            if (vals[i] != base + i) as.emit(Opcode::MOVE, base + Reg(i), vals[i]);
    } else {
        uint32_t count = std::max<uint32_t>(uint32_t(all.size()), 1);
        if (!d.tail && d.reg + 1 == top) {
            base = d.reg;
            if (count > 1) alloc(count - 1);
        } else {
            base = alloc(count);
        }
        Reg end = base + Reg(all.size());
        for (size_t i = 0; i < all.size(); ++i) {
            exprInto(*all[i], env, base + Reg(i));
            release(std::max(end, base + 1), env);
        }
    }
    if (d.tail && tailOp != op) {
        if (hasTarget)
            as.emit(tailOp, base, n, 0, {Word::val(target)});
        else
            as.emit(tailOp, base, n);
    } else {
        if (hasTarget)
            as.emit(op, base, n, 0, {Word::val(target)});
        else
            as.emit(op, base, n);
        finish(d, base);
    }
    release(saved, env);
}

// If the last instruction emitted since `from` is a value operation writing R[tmp],
// makes it write R[dst] instead and records that the argument is in place. Such an
// instruction reads its operands before it writes, so R[dst] may be one of them.
void FunctionGen::retargetLast(uint32_t from, Reg tmp, Reg dst, std::vector<Reg>& src) {
    uint32_t last = from, pc = from;
    while (pc < as.pc()) {
        last = pc;
        pc += vm::instructionLength(vm::decodeOp(fc.code[pc]));
    }
    if (last == as.pc()) return;
    uint32_t w = fc.code[last];
    switch (vm::decodeOp(w)) {
    case Opcode::CONS:
    case Opcode::ADD:
    case Opcode::SUB:
    case Opcode::MUL:
    case Opcode::FDIV:
    case Opcode::IDIV:
    case Opcode::REM:
    case Opcode::BAND:
    case Opcode::BOR:
    case Opcode::BXOR:
    case Opcode::BSL:
    case Opcode::BSR:
    case Opcode::ADDI:
    case Opcode::MULI:
    case Opcode::REMI:
    case Opcode::CMP:
    case Opcode::CMPI: break;
    default: return;
    }
    if (vm::decodeA(w) != tmp) return;
    fc.code[last] = (w & ~0xff00u) | (dst & 0xff) << 8;
    src[dst] = dst;
}

// A TAILCALL moves R[A..A+N) down to R[0..N). Instead of building that window above
// the live registers (one MOVE per variable argument, then the copy), each argument
// is evaluated where it lands naturally (a variable stays in its register) and a
// parallel move puts them straight into R[0..N); arguments already in place cost
// nothing, and the call's own copy is the identity. Nothing is live after a tail
// call, so overwriting R[0..N) is safe once every argument has been evaluated.
// Constants are loaded last, straight into place. Computed arguments need a MOVE
// here but none in the window, so this is used only when it needs no more MOVEs
// than the window (false: nothing emitted).
bool FunctionGen::tailCallInPlace(const std::vector<const Expr*>& all, Env& env, uint32_t target,
                                  uint32_t n, bool loop) {
    const Reg count = Reg(all.size());
    std::vector<std::optional<Term>> consts(count);
    uint32_t windowMoves = 0, placeMoves = 0;
    int lastComputed = -1;
    std::vector<Reg> varReg(count, Reg(-1));
    for (Reg i = 0; i < count; ++i) {
        const Expr& a = *all[i];
        if (a.kind == ExprKind::Var) {
            auto it = env.find(a.text);
            if (it == env.end()) return false;
            varReg[i] = it->second;
            ++windowMoves;
            if (it->second != i) ++placeMoves;
        } else if (mayBind(a) || !(consts[i] = constant(a))) {
            ++placeMoves;
            lastComputed = int(i);
        }
    }
    // The last computed argument, when it is a list cell or an operator (one
    // instruction at the end, no branches), can be written straight into its
    // argument register: nothing but the moves runs after it. Only when no other
    // argument is read from that register.
    Reg direct = Reg(-1);
    if (lastComputed >= 0 && !spillMode) {
        const Expr& a = *all[size_t(lastComputed)];
        bool simple = a.kind == ExprKind::Cons ||
                      (a.kind == ExprKind::BinOp && (arithOpFor(a.text) || cmpKindFor(a.text)));
        bool readElsewhere = false;
        for (Reg j = 0; j < count; ++j)
            if (varReg[j] == Reg(lastComputed) && j != Reg(lastComputed)) readElsewhere = true;
        if (simple && !readElsewhere) {
            direct = Reg(lastComputed);
            --placeMoves;
        }
    }
    if (placeMoves > windowMoves && !loop) return false;
    std::vector<Reg> src(count);
    for (Reg i = 0; i < count; ++i) {
        uint32_t from = as.pc();
        src[i] = consts[i] ? i : exprAny(*all[i], env);
        if (i == direct && src[i] != i) retargetLast(from, src[i], i, src);
    }
    if (maxTop < count) maxTop = count;
    // Pending moves R[i] := R[src[i]]; a move may run once no other pending move
    // still reads its destination. A cycle is broken through a fresh temporary.
    std::vector<bool> pending(count);
    for (Reg i = 0; i < count; ++i)
        pending[i] = src[i] != i;
    auto readByOther = [&](Reg dst) {
        for (Reg j = 0; j < count; ++j)
            if (pending[j] && j != dst && src[j] == dst) return true;
        return false;
    };
    for (;;) {
        bool progress = false, left = false;
        for (Reg i = 0; i < count; ++i) {
            if (!pending[i]) continue;
            if (readByOther(i)) {
                left = true;
                continue;
            }
            as.emit(Opcode::MOVE, i, src[i]);
            pending[i] = false;
            progress = true;
        }
        if (!left) break;
        if (progress) continue;
        Reg victim = 0;
        while (!pending[victim])
            ++victim;
        Reg t = alloc();
        as.emit(Opcode::MOVE, t, victim);
        for (Reg j = 0; j < count; ++j)
            if (pending[j] && src[j] == victim) src[j] = t;
    }
    for (Reg i = 0; i < count; ++i)
        if (consts[i]) loadConst(*this, i, *consts[i]);
    if (loop)
        as.jump(loopHead);
    else
        as.emit(Opcode::TAILCALL, 0, n, 0, {Word::val(target)});
    return true;
}

void FunctionGen::loopCall(const std::vector<const Expr*>& args, Env& env) {
    Reg saved = top;
    if (!tailCallInPlace(args, env, 0, uint32_t(args.size()), true)) {
        // An unbound variable (reported by exprAny): any well-formed code will do.
        Reg base = alloc(std::max<uint32_t>(uint32_t(args.size()), 1));
        for (size_t i = 0; i < args.size(); ++i) {
            exprInto(*args[i], env, base + Reg(i));
            release(base + Reg(args.size()), env);
        }
        for (size_t i = 0; i < args.size(); ++i)
            as.emit(Opcode::MOVE, Reg(i), base + Reg(i));
        as.jump(loopHead);
    }
    release(saved, env);
}

void FunctionGen::bifCall(const vm::BifEntry* bif, const std::vector<const Expr*>& args, Env& env,
                          Dest d) {
    Reg saved = top;
    Reg base = alloc(std::max<uint32_t>(uint32_t(args.size()), 1));
    for (size_t i = 0; i < args.size(); ++i) {
        exprInto(*args[i], env, base + Reg(i));
        release(base + Reg(args.size()), env);
    }
    Reg r = d.tail ? base : d.reg;
    as.emit(Opcode::BIF, r, base, uint32_t(args.size()),
            {Word::val(as.bif(bif)), Word::label(guardFail)});
    finish(d, r);
    release(saved, env);
}

void FunctionGen::typeTestValue(vm::TypeTest t, const Expr& arg, Env& env, Dest d) {
    Reg saved = top;
    Reg v = exprAny(arg, env);
    Reg r = d.tail ? alloc() : d.reg;
    Label no = as.newLabel(), end = as.newLabel();
    as.emit(Opcode::TEST_TYPE, v, uint32_t(t), 0, {Word::label(no)});
    loadConst(*this, r, vm::atoms::kTrue);
    as.jump(end);
    as.bind(no);
    loadConst(*this, r, vm::atoms::kFalse);
    as.bind(end);
    finish(d, r);
    release(saved, env);
}

void FunctionGen::callErlang(std::string_view name, const std::vector<const Expr*>& args, Env& env,
                             Dest d, const Loc& loc) {
    uint32_t n = uint32_t(args.size());
    if (guardFail == kRaise) {
        if (name == "apply" && n == 2) {
            callWindow(Opcode::APPLY_FUN_LIST, Opcode::TAILAPPLY_FUN_LIST, {}, args, env, d, 0,
                       false, 0);
            return;
        }
        if (name == "apply" && n == 3) {
            callWindow(Opcode::APPLY_LIST, Opcode::TAILAPPLY_LIST, {}, args, env, d, 0, false, 0);
            return;
        }
    }
    if (auto t = typeTestFor(name, n)) {
        typeTestValue(*t, *args[0], env, d);
        return;
    }
    Term fname = m.atom(name);
    if (const vm::BifEntry* bif = m.rt.bifs().find(vm::atoms::kErlang, fname, n)) {
        bifCall(bif, args, env, d);
        return;
    }
    if (guardFail != kRaise) {
        error(loc, "illegal guard expression: erlang:" + std::string(name) + "/" +
                       std::to_string(n) + " is not available as a guard BIF");
        return;
    }
    vm::CallTarget* t = m.remoteTarget(vm::atoms::kErlang, fname, n);
    callWindow(Opcode::CALL, Opcode::TAILCALL, {}, args, env, d, as.target(t), true, n);
}

void FunctionGen::callExpr(const Expr& e, Env& env, Dest d) {
    std::vector<const Expr*> args;
    if (e.remote) {
        for (size_t i = 2; i < e.kids.size(); ++i)
            args.push_back(e.kids[i].get());
        uint32_t n = uint32_t(args.size());
        const Expr& mod = *e.kids[0];
        const Expr& fn = *e.kids[1];
        if (mod.kind == ExprKind::Atom && fn.kind == ExprKind::Atom) {
            if (mod.text == "erlang") {
                callErlang(fn.text, args, env, d, e.loc);
                return;
            }
            if (guardFail != kRaise) {
                error(e.loc, "illegal guard expression");
                return;
            }
            vm::CallTarget* t = m.remoteTarget(m.atom(mod.text), m.atom(fn.text), n);
            callWindow(Opcode::CALL, Opcode::TAILCALL, {}, args, env, d, as.target(t), true, n);
            return;
        }
        if (guardFail != kRaise) {
            error(e.loc, "illegal guard expression");
            return;
        }
        callWindow(Opcode::APPLY, Opcode::TAILAPPLY, {&mod, &fn}, args, env, d, 0, false, n);
        return;
    }
    if (e.text.empty()) {
        for (size_t i = 1; i < e.kids.size(); ++i)
            args.push_back(e.kids[i].get());
        if (guardFail != kRaise) {
            error(e.loc, "illegal guard expression");
            return;
        }
        callWindow(Opcode::CALL_FUN, Opcode::TAILCALL_FUN, {e.kids[0].get()}, args, env, d, 0,
                   false, uint32_t(args.size()));
        return;
    }
    for (const auto& k : e.kids)
        args.push_back(k.get());
    uint32_t n = uint32_t(args.size());
    if (m.localFunction(e.text, n)) {
        if (guardFail != kRaise) {
            error(e.loc, "illegal guard expression: call to local function " + e.text);
            return;
        }
        if (d.tail && listBuilder && isSelfCall(e)) {
            loopCall(args, env);
            return;
        }
        vm::CallTarget* t = m.localTarget(e.text, n);
        callWindow(Opcode::CALL, Opcode::TAILCALL, {}, args, env, d, as.target(t), true, n);
        return;
    }
    if (const Import* imp = m.findImport(e.text, n)) {
        vm::CallTarget* t = m.remoteTarget(m.atom(imp->module), m.atom(e.text), n);
        callWindow(Opcode::CALL, Opcode::TAILCALL, {}, args, env, d, as.target(t), true, n);
        return;
    }
    if (isAutoImported(e.text, n)) {
        callErlang(e.text, args, env, d, e.loc);
        return;
    }
    error(e.loc, "function " + e.text + "/" + std::to_string(n) + " undefined");
}

// ---- funs ----

void FunctionGen::funExpr(const Expr& e, Env& env, Dest d) {
    if (e.clauses.empty()) {
        error(e.loc, "fun without clauses");
        return;
    }
    std::set<std::string> used;
    for (const Clause& c : e.clauses)
        collectClauseVars(c, used);
    std::vector<std::string> frees;
    for (const std::string& v : used)
        if (env.count(v) && v != e.text) frees.push_back(v);
    uint32_t arity = uint32_t(e.clauses[0].patterns.size());
    uint32_t nfree = uint32_t(frees.size());
    uint32_t index = uint32_t(m.mc.lambdas.size());
    std::string key = outerName + "/" + std::to_string(outerArity);
    uint32_t n = m.funCounter[key]++;
    std::string name = "-" + key + "-fun-" + std::to_string(n) + "-";
    vm::FunctionCode* fcode = m.newFunctionCode(name, arity);
    fcode->lambdaIndex = int32_t(index);
    fcode->sourceBegin = e.sourceBegin;
    fcode->sourceEnd = e.sourceEnd;
    auto entry = std::make_unique<vm::FunEntry>();
    entry->code = fcode;
    entry->module = m.moduleAtom;
    entry->index = index;
    entry->arity = arity;
    entry->numFree = nfree;
    entry->name = name;
    entry->uniq = uint32_t(std::hash<std::string>{}(m.ast.name + "/" + name) & 0x7ffffff);
    entry->portable = e.portable;
    m.mc.lambdas.push_back(std::move(entry));
    {
        FunctionGen sub(m, *fcode, outerName, outerArity);
        Env fenv;
        for (uint32_t i = 0; i < nfree; ++i)
            fenv[frees[i]] = arity + i;
        if (!e.text.empty()) fenv[e.text] = arity + nfree;
        sub.top = sub.maxTop = arity + nfree + 1;
        sub.functionBody(e.clauses, arity, fenv);
        finalizeFunction(sub, e.loc);
    }
    Reg saved = top;
    Reg base = nfree ? alloc(nfree) : 0;
    for (uint32_t i = 0; i < nfree; ++i)
        moveFrom(base + i, env[frees[i]]);
    Reg r = d.tail ? alloc() : d.reg;
    setLine(e.loc);
    as.emit(Opcode::MAKE_FUN, r, base, 0, {Word::val(index)});
    finish(d, r);
    release(saved, env);
}

// pfun Name/Arity, pfun M:F/A: a portable fun whose root is the named function
// itself (not a wrapper lambda, so its hash is that function's hash). The runtime
// makes it: erlang:make_pfun/3 for an exported M:F/A (the version current then);
// erlang:'$make_pfun'({Module, Name, Arity}) for a function of this module, exported
// or not, whose argument is a literal of this module version: the runtime finds the
// version whose literal heap holds it, so the pfun roots in the version that made it
// even when that is old code.
void FunctionGen::portableRefExpr(const Expr& e, Env& env, Dest d) {
    auto lit = [&](ExprKind k, const std::string& text, int64_t value) -> const Expr* {
        ExprPtr x = makeExpr(k, e.loc);
        x->text = text;
        x->intValue = value;
        m.loweredAst.push_back(std::move(x));
        return m.loweredAst.back().get();
    };
    if (e.kind == ExprKind::FunRef) {
        uint32_t arity = uint32_t(e.intValue);
        if (const Import* imp = m.findImport(e.text, arity)) {
            callErlang("make_pfun",
                       {lit(ExprKind::Atom, imp->module, 0), lit(ExprKind::Atom, e.text, 0),
                        lit(ExprKind::Integer, "", arity)},
                       env, d, e.loc);
            return;
        }
        if (!m.localFunction(e.text, arity)) {
            error(e.loc, "pfun " + e.text + "/" + std::to_string(arity) +
                             ": no such function in this module");
            return;
        }
        ExprPtr ref = makeExpr(ExprKind::Tuple, e.loc);
        for (const Expr* k : {lit(ExprKind::Atom, m.ast.name, 0), lit(ExprKind::Atom, e.text, 0),
                              lit(ExprKind::Integer, "", arity)})
            ref->kids.push_back(cloneExpr(*k));
        m.loweredAst.push_back(std::move(ref));
        callErlang("$make_pfun", {m.loweredAst.back().get()}, env, d, e.loc);
        return;
    }
    callErlang("make_pfun", {e.kids[0].get(), e.kids[1].get(), e.kids[2].get()}, env, d, e.loc);
}

void FunctionGen::funRefExpr(const Expr& e, Env& env, Dest d) {
    if (e.portable) {
        portableRefExpr(e, env, d);
        return;
    }
    uint32_t arity = uint32_t(e.intValue);
    Reg r = d.tail ? alloc() : d.reg;
    if (!m.localFunction(e.text, arity)) {
        if (isAutoImported(e.text, arity)) {
            loadConst(*this, r, m.litExport(vm::atoms::kErlang, m.atom(e.text), arity));
            finish(d, r);
            return;
        }
        error(e.loc, "function " + e.text + "/" + std::to_string(arity) + " undefined");
        return;
    }
    // A wrapper lambda that tail-calls the function (one per name/arity).
    std::string wrapName = e.text;
    uint32_t index = 0;
    bool found = false;
    for (const auto& fe : m.mc.lambdas) {
        if (fe->name == wrapName && fe->arity == arity && fe->numFree == 0 &&
            fe->code->name == m.atom(e.text)) {
            index = fe->index;
            found = true;
            break;
        }
    }
    if (!found) {
        index = uint32_t(m.mc.lambdas.size());
        vm::FunctionCode* w = m.newFunctionCode(wrapName, arity);
        w->lambdaIndex = int32_t(index);
        {
            FunctionGen sub(m, *w, outerName, outerArity);
            sub.top = sub.maxTop = arity + 1;
            sub.setLine(e.loc);
            sub.as.emit(Opcode::TAILCALL, 0, arity, 0,
                        {Word::val(sub.as.target(m.localTarget(e.text, arity)))});
            finalizeFunction(sub, e.loc);
        }
        auto entry = std::make_unique<vm::FunEntry>();
        entry->code = w;
        entry->module = m.moduleAtom;
        entry->index = index;
        entry->arity = arity;
        entry->numFree = 0;
        entry->name = wrapName;
        entry->uniq = uint32_t(std::hash<std::string>{}(m.ast.name + "/&" + wrapName) & 0x7ffffff);
        m.mc.lambdas.push_back(std::move(entry));
    }
    as.emit(Opcode::MAKE_FUN, r, 0, 0, {Word::val(index)});
    finish(d, r);
}

void FunctionGen::extFunRefExpr(const Expr& e, Env& env, Dest d) {
    if (e.portable) {
        portableRefExpr(e, env, d);
        return;
    }
    const Expr& mo = *e.kids[0];
    const Expr& fn = *e.kids[1];
    const Expr& ar = *e.kids[2];
    if (mo.kind == ExprKind::Atom && fn.kind == ExprKind::Atom && ar.kind == ExprKind::Integer &&
        ar.intValue >= 0 && ar.intValue <= 255) {
        Reg r = d.tail ? alloc() : d.reg;
        loadConst(*this, r, m.litExport(m.atom(mo.text), m.atom(fn.text), uint32_t(ar.intValue)));
        finish(d, r);
        return;
    }
    callErlang("make_fun", {&mo, &fn, &ar}, env, d, e.loc);
}

void FunctionGen::comprehension(const Expr& e, Env& env, Dest d) {
    ExprPtr call = lowerComprehension(*this, e, env);
    if (!call) return;
    m.loweredAst.push_back(std::move(call));
    expr(*m.loweredAst.back(), env, d);
}

} // namespace pfun::compiler
