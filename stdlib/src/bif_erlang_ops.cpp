// Operators as functions (erlang:'+'/2 ..., so `fun erlang:'+'/2` works), comparisons,
// boolean operators and the numeric BIFs (abs, min, max, round, trunc, float, ...).
#include "bif_util.h"

#include "pfun/vm/arith.h"
#include "pfun/vm/compare.h"
#include "pfun/vm/number.h"

#include <cmath>

namespace pfun::stdlib::detail {

using vm::boolAtom;
using vm::Process;
using vm::Term;
namespace arith = vm::arith;
namespace atoms = vm::atoms;

namespace {

Term check(Process& p, Term r, arith::Op op, Term a, Term b) {
    if (r.isNonValue()) return p.error(arith::errorReason(op, a, b));
    return r;
}

Term opAdd(Process& p, const Term* a) {
    return check(p, arith::add(p.heap(), a[0], a[1]), arith::Op::Add, a[0], a[1]);
}
Term opSub(Process& p, const Term* a) {
    return check(p, arith::sub(p.heap(), a[0], a[1]), arith::Op::Sub, a[0], a[1]);
}
Term opMul(Process& p, const Term* a) {
    return check(p, arith::mul(p.heap(), a[0], a[1]), arith::Op::Mul, a[0], a[1]);
}
Term opFDiv(Process& p, const Term* a) {
    return check(p, arith::fdiv(p.heap(), a[0], a[1]), arith::Op::FDiv, a[0], a[1]);
}
Term opIDiv(Process& p, const Term* a) {
    return check(p, arith::idiv(p.heap(), a[0], a[1]), arith::Op::IDiv, a[0], a[1]);
}
Term opRem(Process& p, const Term* a) {
    return check(p, arith::rem(p.heap(), a[0], a[1]), arith::Op::Rem, a[0], a[1]);
}
Term opBand(Process& p, const Term* a) {
    return check(p, arith::band(p.heap(), a[0], a[1]), arith::Op::Band, a[0], a[1]);
}
Term opBor(Process& p, const Term* a) {
    return check(p, arith::bor(p.heap(), a[0], a[1]), arith::Op::Bor, a[0], a[1]);
}
Term opBxor(Process& p, const Term* a) {
    return check(p, arith::bxor(p.heap(), a[0], a[1]), arith::Op::Bxor, a[0], a[1]);
}
Term opBsl(Process& p, const Term* a) {
    return check(p, arith::bsl(p.heap(), a[0], a[1]), arith::Op::Bsl, a[0], a[1]);
}
Term opBsr(Process& p, const Term* a) {
    return check(p, arith::bsr(p.heap(), a[0], a[1]), arith::Op::Bsr, a[0], a[1]);
}
Term opNeg(Process& p, const Term* a) {
    return check(p, arith::neg(p.heap(), a[0]), arith::Op::Neg, a[0], a[0]);
}
Term opPlus(Process& p, const Term* a) {
    Term r = arith::plus(p.heap(), a[0]);
    return r.isNonValue() ? p.badarith() : r;
}
Term opBnot(Process& p, const Term* a) {
    return check(p, arith::bnot(p.heap(), a[0]), arith::Op::Bnot, a[0], a[0]);
}
Term bifAbs(Process& p, const Term* a) {
    if (!a[0].isNumber()) return p.badarg();
    return check(p, arith::abs(p.heap(), a[0]), arith::Op::Abs, a[0], a[0]);
}

int cmp(Process& p, Term a, Term b) {
    return vm::compareTerms(a, b, p.runtime().atoms());
}

Term opEq(Process&, const Term* a) {
    return boolAtom(vm::eq(a[0], a[1]));
}
Term opNe(Process&, const Term* a) {
    return boolAtom(!vm::eq(a[0], a[1]));
}
Term opExactEq(Process&, const Term* a) {
    return boolAtom(vm::exactEq(a[0], a[1]));
}
Term opExactNe(Process&, const Term* a) {
    return boolAtom(!vm::exactEq(a[0], a[1]));
}
Term opLt(Process& p, const Term* a) {
    return boolAtom(cmp(p, a[0], a[1]) < 0);
}
Term opGt(Process& p, const Term* a) {
    return boolAtom(cmp(p, a[0], a[1]) > 0);
}
Term opLe(Process& p, const Term* a) {
    return boolAtom(cmp(p, a[0], a[1]) <= 0);
}
Term opGe(Process& p, const Term* a) {
    return boolAtom(cmp(p, a[0], a[1]) >= 0);
}

// min/max as erl defines them: on equal terms (1 and 1.0) the first argument wins.
Term bifMin(Process& p, const Term* a) {
    return cmp(p, a[0], a[1]) > 0 ? a[1] : a[0];
}
Term bifMax(Process& p, const Term* a) {
    return cmp(p, a[0], a[1]) < 0 ? a[1] : a[0];
}

bool isBool(Term t) {
    return t == atoms::kTrue || t == atoms::kFalse;
}
Term opNot(Process& p, const Term* a) {
    if (!isBool(a[0])) return p.badarg();
    return boolAtom(a[0] == atoms::kFalse);
}
Term opAnd(Process& p, const Term* a) {
    if (!isBool(a[0]) || !isBool(a[1])) return p.badarg();
    return boolAtom(a[0] == atoms::kTrue && a[1] == atoms::kTrue);
}
Term opOr(Process& p, const Term* a) {
    if (!isBool(a[0]) || !isBool(a[1])) return p.badarg();
    return boolAtom(a[0] == atoms::kTrue || a[1] == atoms::kTrue);
}
Term opXor(Process& p, const Term* a) {
    if (!isBool(a[0]) || !isBool(a[1])) return p.badarg();
    return boolAtom(a[0] != a[1]);
}

// An integral double as an integer term (bignum when needed).
Term integerFromDouble(Process& p, double d) {
    if (d >= -9.2e18 && d <= 9.2e18) return vm::makeInteger(p.heap(), static_cast<int64_t>(d));
    vm::Mpz z;
    mpz_set_d(z, d);
    return vm::makeIntegerFromMpz(p.heap(), z);
}

template <double (*F)(double)>
Term roundWith(Process& p, const Term* a) {
    if (a[0].isInteger()) return a[0];
    if (!a[0].isFloat()) return p.badarg();
    return integerFromDouble(p, F(a[0].floatValue()));
}
double roundHalfAway(double d) {
    return std::round(d);
}
double truncD(double d) {
    return std::trunc(d);
}
double ceilD(double d) {
    return std::ceil(d);
}
double floorD(double d) {
    return std::floor(d);
}

Term bifFloat(Process& p, const Term* a) {
    if (a[0].isFloat()) return a[0];
    double d;
    if (!a[0].isInteger() || !vm::termToDouble(a[0], d)) return p.badarg();
    return vm::makeFloat(p.heap(), d);
}

constexpr BifSpec kOpBifs[] = {
    {"erlang", "+", 2, opAdd, true},
    {"erlang", "-", 2, opSub, true},
    {"erlang", "*", 2, opMul, true},
    {"erlang", "/", 2, opFDiv, true},
    {"erlang", "div", 2, opIDiv, true},
    {"erlang", "rem", 2, opRem, true},
    {"erlang", "band", 2, opBand, true},
    {"erlang", "bor", 2, opBor, true},
    {"erlang", "bxor", 2, opBxor, true},
    {"erlang", "bsl", 2, opBsl, true},
    {"erlang", "bsr", 2, opBsr, true},
    {"erlang", "-", 1, opNeg, true},
    {"erlang", "+", 1, opPlus, true},
    {"erlang", "bnot", 1, opBnot, true},
    {"erlang", "abs", 1, bifAbs, true},
    {"erlang", "==", 2, opEq, true},
    {"erlang", "/=", 2, opNe, true},
    {"erlang", "=:=", 2, opExactEq, true},
    {"erlang", "=/=", 2, opExactNe, true},
    {"erlang", "<", 2, opLt, true},
    {"erlang", ">", 2, opGt, true},
    {"erlang", "=<", 2, opLe, true},
    {"erlang", ">=", 2, opGe, true},
    {"erlang", "min", 2, bifMin, true},
    {"erlang", "max", 2, bifMax, true},
    {"erlang", "not", 1, opNot, true},
    {"erlang", "and", 2, opAnd, true},
    {"erlang", "or", 2, opOr, true},
    {"erlang", "xor", 2, opXor, true},
    {"erlang", "round", 1, roundWith<roundHalfAway>, true},
    {"erlang", "trunc", 1, roundWith<truncD>, true},
    {"erlang", "ceil", 1, roundWith<ceilD>, true},
    {"erlang", "floor", 1, roundWith<floorD>, true},
    {"erlang", "float", 1, bifFloat, true},
};

} // namespace

void registerErlangOpBifs(vm::Runtime& rt) {
    registerTable(rt, kOpBifs);
}

} // namespace pfun::stdlib::detail
