// Erlang arithmetic on number terms.
//
// Each operator takes its operands as terms and returns the result term, normalised
// (an integer result that fits a small is a small), or Term::nonValue() when Erlang
// would raise. The caller raises: badarith, except when both operands were integers
// and the operator is one whose result can merely be too big (see errorReason), then
// system_limit, as erl does for `1 bsl (1 bsl 64)`.
//
// Semantics (as erl, OTP 25):
//  - + - * on two integers are exact; with a float operand the other is converted to
//    the nearest double (badarith if it does not fit) and a non-finite result is
//    badarith.
//  - '/' always returns a float; a zero divisor (0, 0.0 or -0.0) is badarith.
//  - div/rem take integers only; div truncates toward zero, rem has the sign of the
//    dividend; a zero divisor is badarith.
//  - band/bor/bxor/bnot treat integers as two's complement of infinite width.
//  - bsl/bsr: a negative count shifts the other way; bsr of any count rounds toward
//    negative infinity (so -1 bsr 1000 is -1); bsl by a huge count of a non-zero
//    value is system_limit.
//
// The small-integer paths of + - * and comparisons are inline; everything else is out
// of line.
#pragma once

#include "pfun/vm/atom.h"
#include "pfun/vm/heap.h"
#include "pfun/vm/term.h"

namespace pfun::vm::arith {

Term addSlow(Heap&, Term, Term);
Term subSlow(Heap&, Term, Term);
Term mulSlow(Heap&, Term, Term);

inline Term add(Heap& h, Term a, Term b) {
    if (a.isSmall() && b.isSmall()) [[likely]] {
        int64_t r = a.small() + b.small(); // cannot overflow: both fit 63 bits
        if (Term::fitsSmall(r)) [[likely]]
            return Term::makeSmall(r);
    }
    return addSlow(h, a, b);
}
inline Term sub(Heap& h, Term a, Term b) {
    if (a.isSmall() && b.isSmall()) [[likely]] {
        int64_t r = a.small() - b.small();
        if (Term::fitsSmall(r)) [[likely]]
            return Term::makeSmall(r);
    }
    return subSlow(h, a, b);
}
inline Term mul(Heap& h, Term a, Term b) {
    if (a.isSmall() && b.isSmall()) [[likely]] {
        int64_t r;
        if (!__builtin_mul_overflow(a.small(), b.small(), &r) && Term::fitsSmall(r)) [[likely]]
            return Term::makeSmall(r);
    }
    return mulSlow(h, a, b);
}

Term fdiv(Heap&, Term, Term); // '/'
Term idiv(Heap&, Term, Term); // div
Term rem(Heap&, Term, Term);
Term band(Heap&, Term, Term);
Term bor(Heap&, Term, Term);
Term bxor(Heap&, Term, Term);
Term bsl(Heap&, Term, Term);
Term bsr(Heap&, Term, Term);
Term neg(Heap&, Term);  // unary -
Term plus(Heap&, Term); // unary +: the number itself, nonValue for non-numbers
Term bnot(Heap&, Term);
Term abs(Heap&, Term);

enum class Op : uint8_t {
    Add,
    Sub,
    Mul,
    FDiv,
    IDiv,
    Rem,
    Band,
    Bor,
    Bxor,
    Bsl,
    Bsr,
    Neg,
    Bnot,
    Abs
};
// The exception reason for a failed operation (nonValue result) on these operands:
// atoms::kSystemLimit when integers were fine but the result too large, else
// atoms::kBadarith. Pass b = a (or anything) for unary operators.
Term errorReason(Op, Term a, Term b);

} // namespace pfun::vm::arith
