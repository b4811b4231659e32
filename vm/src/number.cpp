#include "pfun/vm/number.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>

namespace pfun::vm {

Term makeFloat(Heap& heap, double d) {
    Term* p = heap.alloc(2);
    p[0] = Term::makeHeader(BoxKind::Float, 1);
    p[1] = Term::fromRaw(std::bit_cast<uint64_t>(d));
    return Term::makeBoxed(p);
}

static Term makeBigFromMagnitude(Heap& heap, uint64_t magnitude, bool negative) {
    Term* p = heap.alloc(2);
    p[0] = Term::makeHeader(negative ? BoxKind::NegBig : BoxKind::PosBig, 1);
    p[1] = Term::fromRaw(magnitude);
    return Term::makeBoxed(p);
}

Term makeInteger(Heap& heap, int64_t v) {
    if (Term::fitsSmall(v)) return Term::makeSmall(v);
    uint64_t mag = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
    return makeBigFromMagnitude(heap, mag, v < 0);
}

Term makeIntegerU(Heap& heap, uint64_t v) {
    if (v <= static_cast<uint64_t>(Term::kSmallMax))
        return Term::makeSmall(static_cast<int64_t>(v));
    return makeBigFromMagnitude(heap, v, false);
}

Term makeIntegerFromMpz(Heap& heap, const mpz_t z) {
    size_t n = mpz_size(z);
    if (n == 0) return Term::makeSmall(0);
    const mp_limb_t* limbs = mpz_limbs_read(z);
    bool negative = mpz_sgn(z) < 0;
    if (n == 1) {
        uint64_t mag = limbs[0];
        if (!negative && mag <= static_cast<uint64_t>(Term::kSmallMax))
            return Term::makeSmall(static_cast<int64_t>(mag));
        if (negative && mag <= static_cast<uint64_t>(Term::kSmallMax) + 1)
            return Term::makeSmall(-static_cast<int64_t>(mag - 1) - 1);
    }
    if (n > kMaxBigLimbs) return Term::nonValue();
    Term* p = heap.alloc(1 + n);
    p[0] = Term::makeHeader(negative ? BoxKind::NegBig : BoxKind::PosBig, n);
    std::memcpy(static_cast<void*>(p + 1), limbs, n * sizeof(mp_limb_t));
    return Term::makeBoxed(p);
}

Term makeIntegerFromBytes(Heap& heap, bool negative, const uint8_t* bytes, size_t n) {
    while (n > 0 && bytes[n - 1] == 0)
        --n;
    const size_t limbs = (n + 7) / 8;
    if (limbs == 0) return Term::makeSmall(0);
    if (limbs > kMaxBigLimbs) return Term::nonValue();
    if (limbs == 1) {
        uint64_t mag = 0;
        for (size_t i = n; i-- > 0;)
            mag = (mag << 8) | bytes[i];
        if (!negative && mag <= static_cast<uint64_t>(Term::kSmallMax))
            return Term::makeSmall(static_cast<int64_t>(mag));
        if (negative && mag <= static_cast<uint64_t>(Term::kSmallMax) + 1)
            return Term::makeSmall(-static_cast<int64_t>(mag - 1) - 1);
    }
    Term* p = heap.alloc(1 + limbs);
    p[0] = Term::makeHeader(negative ? BoxKind::NegBig : BoxKind::PosBig, limbs);
    for (size_t l = 0; l < limbs; ++l) {
        uint64_t limb = 0;
        for (size_t i = std::min(n, 8 * l + 8); i-- > 8 * l;)
            limb = (limb << 8) | bytes[i];
        p[1 + l] = Term::fromRaw(limb);
    }
    return Term::makeBoxed(p);
}

Term makeIntegerFromDouble(Heap& heap, double d) {
    double t = std::trunc(d);
    if (t >= -4.0e18 && t <= 4.0e18) return makeInteger(heap, static_cast<int64_t>(t));
    Mpz z;
    mpz_set_d(z, t);
    return makeIntegerFromMpz(heap, z);
}

bool termToInt64(Term t, int64_t& out) {
    if (t.isSmall()) {
        out = t.small();
        return true;
    }
    if (!t.isBignum()) return false;
    const Term* p = t.boxedPtr();
    if (p[0].headerArity() != 1) return false;
    uint64_t mag = p[1].raw();
    if (p[0].headerKind() == BoxKind::PosBig) {
        if (mag > static_cast<uint64_t>(INT64_MAX)) return false;
        out = static_cast<int64_t>(mag);
    } else {
        if (mag > static_cast<uint64_t>(INT64_MAX) + 1) return false;
        out = static_cast<int64_t>(0 - mag);
    }
    return true;
}

bool termToUint64(Term t, uint64_t& out) {
    if (t.isSmall()) {
        if (t.small() < 0) return false;
        out = static_cast<uint64_t>(t.small());
        return true;
    }
    if (!t.isBignum()) return false;
    const Term* p = t.boxedPtr();
    if (p[0].headerKind() != BoxKind::PosBig || p[0].headerArity() != 1) return false;
    out = p[1].raw();
    return true;
}

bool mpzToDouble(mpz_srcptr z, double& out) {
    size_t bits = mpz_sizeinbase(z, 2);
    if (mpz_sgn(z) == 0) {
        out = 0.0;
        return true;
    }
    if (bits > 1024) return false;
    double mag;
    if (bits <= 64) {
        mag = static_cast<double>(mpz_getlimbn(z, 0));
    } else {
        // Take the top 64 bits and fold every lower bit into a sticky bit, so the one
        // rounding the hardware does (64 -> 53 bits) is correct to nearest-even.
        size_t shift = bits - 64;
        Mpz top;
        mpz_tdiv_q_2exp(top, z, shift);
        uint64_t hi = mpz_getlimbn(top, 0);
        if (mpz_scan1(z, 0) < shift) hi |= 1;
        mag = std::ldexp(static_cast<double>(hi), static_cast<int>(shift));
    }
    if (!std::isfinite(mag)) return false;
    out = mpz_sgn(z) < 0 ? -mag : mag;
    return true;
}

bool termToDouble(Term t, double& out) {
    if (t.isSmall()) {
        out = static_cast<double>(t.small());
        return true;
    }
    if (!t.isBoxed()) return false;
    switch (t.boxKind()) {
    case BoxKind::Float: out = t.floatValue(); return true;
    case BoxKind::PosBig:
    case BoxKind::NegBig: {
        IntegerView v(t);
        return mpzToDouble(v, out);
    }
    default: return false;
    }
}

std::string integerToString(Term integer, int base) {
    if (base < 2 || base > 36) base = 10;
    if (integer.isSmall()) {
        int64_t v = integer.small();
        uint64_t mag = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
        char buf[72];
        char* end = buf + sizeof buf;
        char* q = end;
        do {
            unsigned d = static_cast<unsigned>(mag % static_cast<unsigned>(base));
            *--q = static_cast<char>(d < 10 ? '0' + d : 'A' + d - 10);
            mag /= static_cast<unsigned>(base);
        } while (mag);
        if (v < 0) *--q = '-';
        return std::string(q, end);
    }
    IntegerView v(integer);
    std::string s(mpz_sizeinbase(v, base) + 2, '\0');
    mpz_get_str(s.data(), -base, v); // negative base: uppercase letters
    s.resize(std::strlen(s.c_str()));
    return s;
}

static int digitValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'z') return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    return 99;
}

Term parseInteger(Heap& heap, std::string_view text, int base) {
    if (base < 2 || base > 36) return Term::nonValue();
    size_t i = 0;
    bool negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
    if (i == text.size()) return Term::nonValue();
    for (size_t j = i; j < text.size(); ++j)
        if (digitValue(text[j]) >= base) return Term::nonValue();
    std::string_view digits = text.substr(i);
    // Fast path: accumulate while it cannot overflow 63 bits.
    if (digits.size() <= 12 || (base <= 10 && digits.size() <= 18)) {
        int64_t acc = 0;
        for (char c : digits)
            acc = acc * base + digitValue(c);
        return makeInteger(heap, negative ? -acc : acc);
    }
    std::string buf(digits);
    Mpz z;
    if (mpz_set_str(z, buf.c_str(), base) != 0) return Term::nonValue();
    if (negative) mpz_neg(z, z);
    return makeIntegerFromMpz(heap, z);
}

bool parseFloat(std::string_view text, double& out) {
    size_t i = 0, n = text.size();
    auto digits = [&] {
        size_t start = i;
        while (i < n && text[i] >= '0' && text[i] <= '9')
            ++i;
        return i > start;
    };
    if (i < n && (text[i] == '+' || text[i] == '-')) ++i;
    if (!digits()) return false;
    if (i >= n || text[i] != '.') return false;
    ++i;
    if (!digits()) return false;
    if (i < n && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < n && (text[i] == '+' || text[i] == '-')) ++i;
        if (!digits()) return false;
    }
    if (i != n) return false;
    std::string buf(text);
    double d = std::strtod(buf.c_str(), nullptr);
    if (!std::isfinite(d)) return false;
    out = d;
    return true;
}

} // namespace pfun::vm
