#include "pfun/vm/arith.h"

#include "pfun/vm/number.h"

#include <cmath>

namespace pfun::vm::arith {

namespace {

Term floatResult(Heap& h, double d) {
    if (!std::isfinite(d)) return Term::nonValue();
    return makeFloat(h, d);
}

// Converts both operands to doubles for a mixed operation; false on badarith.
bool bothDoubles(Term a, Term b, double& x, double& y) {
    if (!a.isNumber() || !b.isNumber()) return false;
    return termToDouble(a, x) && termToDouble(b, y);
}

bool bothIntegers(Term a, Term b) {
    return a.isInteger() && b.isInteger();
}

template <typename F>
Term bigOp(Heap& h, Term a, Term b, F f) {
    IntegerView x(a), y(b);
    Mpz r;
    f(r.get(), x.get(), y.get());
    return makeIntegerFromMpz(h, r);
}

// Size estimate in bits of an integer term, to refuse results beyond kMaxBigLimbs
// before GMP tries to allocate them.
size_t bitsOf(Term t) {
    if (t.isSmall()) return 64;
    return t.boxedPtr()[0].headerArity() * 64;
}

constexpr size_t kMaxBits = kMaxBigLimbs * 64;

} // namespace

Term addSlow(Heap& h, Term a, Term b) {
    if (bothIntegers(a, b)) {
        if (a.isSmall() && b.isSmall()) return makeInteger(h, a.small() + b.small());
        return bigOp(h, a, b, mpz_add);
    }
    double x, y;
    if (!bothDoubles(a, b, x, y)) return Term::nonValue();
    return floatResult(h, x + y);
}

Term subSlow(Heap& h, Term a, Term b) {
    if (bothIntegers(a, b)) {
        if (a.isSmall() && b.isSmall()) return makeInteger(h, a.small() - b.small());
        return bigOp(h, a, b, mpz_sub);
    }
    double x, y;
    if (!bothDoubles(a, b, x, y)) return Term::nonValue();
    return floatResult(h, x - y);
}

Term mulSlow(Heap& h, Term a, Term b) {
    if (bothIntegers(a, b)) {
        if (bitsOf(a) + bitsOf(b) > kMaxBits + 128) return Term::nonValue();
        return bigOp(h, a, b, mpz_mul);
    }
    double x, y;
    if (!bothDoubles(a, b, x, y)) return Term::nonValue();
    return floatResult(h, x * y);
}

Term fdiv(Heap& h, Term a, Term b) {
    double x, y;
    if (!bothDoubles(a, b, x, y)) return Term::nonValue();
    if (y == 0.0) return Term::nonValue();
    return floatResult(h, x / y);
}

Term idiv(Heap& h, Term a, Term b) {
    if (a.isSmall() && b.isSmall()) {
        int64_t y = b.small();
        if (y == 0) return Term::nonValue();
        return makeInteger(h, a.small() / y); // kSmallMin / -1 fits int64
    }
    if (!bothIntegers(a, b)) return Term::nonValue();
    if (integerSign(b) == 0) return Term::nonValue();
    return bigOp(h, a, b, mpz_tdiv_q);
}

Term rem(Heap& h, Term a, Term b) {
    if (a.isSmall() && b.isSmall()) {
        int64_t y = b.small();
        if (y == 0) return Term::nonValue();
        return Term::makeSmall(a.small() % y);
    }
    if (!bothIntegers(a, b)) return Term::nonValue();
    if (integerSign(b) == 0) return Term::nonValue();
    return bigOp(h, a, b, mpz_tdiv_r);
}

Term band(Heap& h, Term a, Term b) {
    if (a.isSmall() && b.isSmall()) return Term::makeSmall(a.small() & b.small());
    if (!bothIntegers(a, b)) return Term::nonValue();
    return bigOp(h, a, b, mpz_and);
}

Term bor(Heap& h, Term a, Term b) {
    if (a.isSmall() && b.isSmall()) return Term::makeSmall(a.small() | b.small());
    if (!bothIntegers(a, b)) return Term::nonValue();
    return bigOp(h, a, b, mpz_ior);
}

Term bxor(Heap& h, Term a, Term b) {
    if (a.isSmall() && b.isSmall()) return Term::makeSmall(a.small() ^ b.small());
    if (!bothIntegers(a, b)) return Term::nonValue();
    return bigOp(h, a, b, mpz_xor);
}

// Shifts `a` left by `count` (right when negative); count is any integer term.
static Term shift(Heap& h, Term a, Term countTerm, bool left) {
    if (!bothIntegers(a, countTerm)) return Term::nonValue();
    int64_t count;
    if (!termToInt64(countTerm, count) || count == INT64_MIN) {
        // |count| beyond 2^63: only zero survives a left shift; a right shift leaves
        // the sign.
        bool shiftsLeft = (integerSign(countTerm) > 0) == left;
        int s = integerSign(a);
        if (s == 0) return Term::makeSmall(0);
        if (shiftsLeft) return Term::nonValue();
        return Term::makeSmall(s < 0 ? -1 : 0);
    }
    if (!left) count = -count;
    if (count == 0) return a;
    if (count > 0) {
        int s = integerSign(a);
        if (s == 0) return a;
        if (a.isSmall() && count < 62) {
            int64_t v = a.small();
            int64_t hi = v >> (62 - count); // the bits that would leave a small
            if (hi == 0 || hi == -1) return Term::makeSmall(v * (int64_t(1) << count));
        }
        if (static_cast<uint64_t>(count) + bitsOf(a) > kMaxBits) return Term::nonValue();
        IntegerView x(a);
        Mpz r;
        mpz_mul_2exp(r, x, static_cast<mp_bitcnt_t>(count));
        return makeIntegerFromMpz(h, r);
    }
    uint64_t right = 0 - static_cast<uint64_t>(count);
    if (a.isSmall()) {
        if (right >= 63) return Term::makeSmall(a.small() < 0 ? -1 : 0);
        return Term::makeSmall(a.small() >> right);
    }
    if (right >= bitsOf(a) + 64) return Term::makeSmall(integerSign(a) < 0 ? -1 : 0);
    IntegerView x(a);
    Mpz r;
    mpz_fdiv_q_2exp(r, x, static_cast<mp_bitcnt_t>(right));
    return makeIntegerFromMpz(h, r);
}

Term bsl(Heap& h, Term a, Term b) {
    return shift(h, a, b, true);
}
Term bsr(Heap& h, Term a, Term b) {
    return shift(h, a, b, false);
}

Term neg(Heap& h, Term a) {
    if (a.isSmall()) return makeInteger(h, -a.small());
    if (a.isBignum()) {
        IntegerView x(a);
        Mpz r;
        mpz_neg(r, x);
        return makeIntegerFromMpz(h, r);
    }
    if (a.isFloat()) return makeFloat(h, -a.floatValue());
    return Term::nonValue();
}

Term plus(Heap&, Term a) {
    return a.isNumber() ? a : Term::nonValue();
}

Term bnot(Heap& h, Term a) {
    if (a.isSmall()) return Term::makeSmall(~a.small());
    if (a.isBignum()) {
        IntegerView x(a);
        Mpz r;
        mpz_com(r, x);
        return makeIntegerFromMpz(h, r);
    }
    return Term::nonValue();
}

Term abs(Heap& h, Term a) {
    if (a.isSmall()) return a.small() < 0 ? makeInteger(h, -a.small()) : a;
    if (a.isBignum()) {
        if (a.boxKind() == BoxKind::PosBig) return a;
        IntegerView x(a);
        Mpz r;
        mpz_abs(r, x);
        return makeIntegerFromMpz(h, r);
    }
    if (a.isFloat()) {
        double d = a.floatValue();
        return std::signbit(d) ? makeFloat(h, -d) : a;
    }
    return Term::nonValue();
}

Term errorReason(Op op, Term a, Term b) {
    switch (op) {
    case Op::Add:
    case Op::Sub:
    case Op::Mul:
    case Op::Bsl:
    case Op::Bsr: return bothIntegers(a, b) ? atoms::kSystemLimit : atoms::kBadarith;
    case Op::Neg:
    case Op::Abs: return a.isInteger() ? atoms::kSystemLimit : atoms::kBadarith;
    default: return atoms::kBadarith;
    }
}

} // namespace pfun::vm::arith
