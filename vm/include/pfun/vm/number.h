// Numbers: bignums and conversions between number terms and C++ values.
//
// An integer is a small (Term::isSmall) when it fits 63 bits, otherwise a bignum box
// (PosBig/NegBig) whose payload is the magnitude as GMP limbs, least significant first,
// with no leading zero limb. Every function here returns integers normalised: a value
// that fits a small is never boxed, so `=:=` on integers may compare small words
// directly, and a bignum is never equal to a small.
//
// GMP reads bignums in place through IntegerView (mpz_roinit_n over the heap limbs), so
// reading a number never allocates. Results are computed in a GMP temporary and copied
// into the heap, because the heap's bump allocator cannot give back the words a GMP
// result turns out not to need.
#pragma once

#include "pfun/vm/heap.h"
#include "pfun/vm/term.h"

#include <gmp.h>

#include <bit>
#include <cstdint>
#include <string>
#include <string_view>

namespace pfun::vm {

static_assert(sizeof(mp_limb_t) == 8, "bignum payloads assume 64-bit GMP limbs");

// Largest bignum magnitude we build, in limbs (Erlang raises system_limit beyond its
// own limit; ours is 2^26 bits, 8 MB per number).
inline constexpr size_t kMaxBigLimbs = size_t(1) << 20;

// A read-only mpz_t view of an integer term (small or big); no allocation.
class IntegerView {
  public:
    explicit IntegerView(Term t) {
        if (t.isSmall()) {
            int64_t v = t.small();
            limb_ = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
            mpz_roinit_n(z_, &limb_, v < 0 ? -1 : (v == 0 ? 0 : 1));
        } else {
            const Term* p = t.boxedPtr();
            auto n = static_cast<mp_size_t>(p[0].headerArity());
            auto* limbs = reinterpret_cast<const mp_limb_t*>(p + 1);
            mpz_roinit_n(z_, limbs, p[0].headerKind() == BoxKind::NegBig ? -n : n);
        }
    }
    IntegerView(const IntegerView&) = delete;
    IntegerView& operator=(const IntegerView&) = delete;
    mpz_srcptr get() const { return z_; }
    operator mpz_srcptr() const { return z_; }

  private:
    mpz_t z_;
    mp_limb_t limb_ = 0;
};

// An owned GMP integer (RAII around mpz_t).
class Mpz {
  public:
    Mpz() { mpz_init(z_); }
    ~Mpz() { mpz_clear(z_); }
    Mpz(const Mpz&) = delete;
    Mpz& operator=(const Mpz&) = delete;
    mpz_ptr get() { return z_; }
    mpz_srcptr get() const { return z_; }
    operator mpz_ptr() { return z_; }
    operator mpz_srcptr() const { return z_; }

  private:
    mpz_t z_;
};

// Boxes a float (finite or not: callers check finiteness where Erlang requires it).
Term makeFloat(Heap&, double);
// Small when it fits, bignum otherwise.
Term makeInteger(Heap&, int64_t);
Term makeIntegerU(Heap&, uint64_t);
// Normalises to small when it fits. Returns nonValue when the magnitude exceeds
// kMaxBigLimbs (the caller raises system_limit).
Term makeIntegerFromMpz(Heap&, const mpz_t);
// The same from a magnitude given as little-endian bytes (the external term format's
// bignum layout) and a sign, without GMP: decoding a module's literals or a peer's
// terms then does not load the bignum library (loaded on first use by pfun) for
// numbers it only stores.
Term makeIntegerFromBytes(Heap&, bool negative, const uint8_t* bytes, size_t n);

// The integer part of a finite double (truncated toward zero), small or big: what
// trunc/1 returns; round/1, floor/1 and ceil/1 round first. Precondition: finite.
Term makeIntegerFromDouble(Heap&, double);

// False for non-integers or values out of int64 range.
bool termToInt64(Term, int64_t& out);
bool termToUint64(Term, uint64_t& out);
// Integers (small or big) and floats; false otherwise, or when an integer is too
// large for a finite double. Integers round to nearest, ties to even (as erlang:float/1).
bool termToDouble(Term, double& out);
// Nearest double to a bignum, or false on overflow.
bool mpzToDouble(mpz_srcptr, double& out);

// Digits as integer_to_list/2 writes them: '-' sign, uppercase letters above base 10.
// Precondition: integer term, 2 <= base <= 36.
std::string integerToString(Term integer, int base = 10);
// list_to_integer/2: optional sign, then one or more digits of `base` (either case);
// nothing else. nonValue when malformed or base out of 2..36.
Term parseInteger(Heap&, std::string_view text, int base);

// list_to_float/1 syntax: [+-]digits.digits, optionally [eE][+-]digits; nothing else
// (no "1e5", "1.", ".5" or spaces). False when malformed or the value overflows to
// infinity (underflow gives 0.0, as erl).
bool parseFloat(std::string_view text, double& out);

// Sign of an integer term: -1, 0, 1.
inline int integerSign(Term t) {
    if (t.isSmall()) return t.small() < 0 ? -1 : (t.small() > 0 ? 1 : 0);
    return t.boxKind() == BoxKind::NegBig ? -1 : 1;
}

} // namespace pfun::vm
