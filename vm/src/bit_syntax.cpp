// Bit-syntax segments: writing (BitWriter) and reading (read*) integers, floats,
// bitstrings and UTF code points. See binary.h.
#include "pfun/vm/binary.h"
#include "pfun/vm/number.h"

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

namespace pfun::vm {

namespace {

inline bool isLittle(Endian e) {
    return e == Endian::Little ||
           (e == Endian::Native && std::endian::native == std::endian::little);
}

inline bool validCodePoint(int64_t cp) {
    return cp >= 0 && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
}

// Reorders an N-bit big-endian, right-aligned byte image into the byte image of its
// little-endian layout (full low bytes first, then the high N%8 bits), and back.
void bigToLittle(std::vector<uint8_t>& be, uint64_t bits) {
    size_t n = be.size();
    unsigned r = bits % 8;
    std::vector<uint8_t> le(n);
    if (r == 0) {
        for (size_t k = 0; k < n; ++k)
            le[k] = be[n - 1 - k];
    } else {
        for (size_t k = 0; k + 1 < n; ++k)
            le[k] = be[n - 1 - k];
        le[n - 1] = static_cast<uint8_t>(be[0] << (8 - r)); // r bits, left-aligned
    }
    be.swap(le);
}

// IEEE half precision by hand (not every compiler has _Float16 on every target).
// Rounds to nearest, ties to even; too large becomes infinity, as erl does.
uint16_t doubleToHalf(double d) {
    uint16_t sign = std::signbit(d) ? 0x8000 : 0;
    double a = std::fabs(d);
    if (std::isnan(d)) return 0x7E00;
    if (a >= 65520.0) return sign | 0x7C00; // at or past the midpoint above 65504
    if (a < 0x1p-14) {
        // Subnormal: units of 2^-24; 1024 units is the smallest normal, whose bit
        // pattern is that same number.
        return sign | static_cast<uint16_t>(std::nearbyint(a * 0x1p24));
    }
    int e;
    std::frexp(a, &e);                                // a = f * 2^e, f in [0.5, 1)
    double q = std::nearbyint(std::ldexp(a, 11 - e)); // 1024..2048
    if (q >= 2048.0) {
        q = 1024.0;
        ++e;
    }
    int halfExp = e - 1 + 15;
    if (halfExp >= 31) return sign | 0x7C00;
    return sign | static_cast<uint16_t>(halfExp << 10) | static_cast<uint16_t>(q - 1024.0);
}

double halfToDouble(uint16_t bits) {
    int exp = (bits >> 10) & 0x1F;
    int mant = bits & 0x3FF;
    double mag;
    if (exp == 0)
        mag = std::ldexp(mant, -24);
    else if (exp == 31)
        mag = mant ? std::numeric_limits<double>::quiet_NaN()
                   : std::numeric_limits<double>::infinity();
    else
        mag = std::ldexp(1024 + mant, exp - 25);
    return (bits & 0x8000) ? -mag : mag;
}

} // namespace

uint8_t* BitWriter::grow(uint64_t bits) {
    uint64_t newBits = bits_ + bits;
    buf_.resize((newBits + 7) / 8, 0);
    return buf_.data();
}

void BitWriter::putBits(const uint8_t* data, uint64_t bitOffset, uint64_t bits) {
    if (bits == 0) return;
    uint8_t* dst = grow(bits);
    copyBits(dst, bits_, data, bitOffset, bits);
    bits_ += bits;
}

void BitWriter::putUint(uint64_t v, uint64_t bits, Endian e) {
    if (bits == 0) return;
    if (bits < 64) v &= (uint64_t(1) << bits) - 1;
    uint8_t be[8];
    size_t n = (bits + 7) / 8;
    for (size_t k = 0; k < n; ++k)
        be[n - 1 - k] = static_cast<uint8_t>(v >> (8 * k));
    if (!isLittle(e) || bits <= 8) {
        putBits(be, n * 8 - bits, bits);
        return;
    }
    // Little-endian: the full low bytes first, then the remaining high bits.
    uint64_t full = bits / 8;
    for (uint64_t k = 0; k < full; ++k) {
        uint8_t byte = static_cast<uint8_t>(v >> (8 * k));
        putBits(&byte, 0, 8);
    }
    if (unsigned r = bits % 8) {
        uint8_t top = static_cast<uint8_t>((v >> (8 * full)) << (8 - r));
        putBits(&top, 0, r);
    }
}

bool BitWriter::putInteger(Term value, uint64_t bits, Endian e) {
    if (value.isSmall() && bits <= 64) {
        putUint(static_cast<uint64_t>(value.small()), bits, e);
        return true;
    }
    if (!value.isInteger()) return false;
    if (bits == 0) return true;
    // value mod 2^bits, as a big-endian right-aligned byte image.
    IntegerView v(value);
    Mpz r;
    mpz_fdiv_r_2exp(r, v, bits);
    size_t n = (bits + 7) / 8;
    std::vector<uint8_t> img(n, 0);
    size_t count = 0;
    size_t need = (mpz_sizeinbase(r, 2) + 7) / 8;
    if (mpz_sgn(r.get()) != 0) mpz_export(img.data() + (n - need), &count, 1, 1, 1, 0, r);
    if (isLittle(e)) {
        bigToLittle(img, bits);
        putBits(img.data(), 0, bits);
    } else {
        putBits(img.data(), n * 8 - bits, bits);
    }
    return true;
}

bool BitWriter::putFloat(Term value, uint64_t bits, Endian e) {
    double d;
    if (bits != 16 && bits != 32 && bits != 64) return false;
    if (!value.isNumber() || !termToDouble(value, d)) return false;
    uint64_t raw;
    if (bits == 64) {
        raw = std::bit_cast<uint64_t>(d);
    } else if (bits == 32) {
        raw = std::bit_cast<uint32_t>(static_cast<float>(d));
    } else {
        raw = doubleToHalf(d);
    }
    putUint(raw, bits, e);
    return true;
}

bool BitWriter::putBitstring(Term bin, uint64_t bits) {
    if (!bin.isBitstring()) return false;
    BinaryView v = binaryView(bin);
    if (bits > v.bitSize) return false;
    putBits(v.data, v.bitOffset, bits);
    return true;
}

bool BitWriter::putBitstring(Term bin) {
    if (!bin.isBitstring()) return false;
    BinaryView v = binaryView(bin);
    putBits(v.data, v.bitOffset, v.bitSize);
    return true;
}

bool BitWriter::putUtf8(Term cpTerm) {
    if (!cpTerm.isSmall() || !validCodePoint(cpTerm.small())) return false;
    auto cp = static_cast<uint32_t>(cpTerm.small());
    uint8_t b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = static_cast<uint8_t>(cp);
        n = 1;
    } else if (cp < 0x800) {
        b[0] = static_cast<uint8_t>(0xC0 | (cp >> 6));
        b[1] = static_cast<uint8_t>(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = static_cast<uint8_t>(0xE0 | (cp >> 12));
        b[1] = static_cast<uint8_t>(0x80 | ((cp >> 6) & 0x3F));
        b[2] = static_cast<uint8_t>(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = static_cast<uint8_t>(0xF0 | (cp >> 18));
        b[1] = static_cast<uint8_t>(0x80 | ((cp >> 12) & 0x3F));
        b[2] = static_cast<uint8_t>(0x80 | ((cp >> 6) & 0x3F));
        b[3] = static_cast<uint8_t>(0x80 | (cp & 0x3F));
        n = 4;
    }
    putBytes(b, n);
    return true;
}

bool BitWriter::putUtf16(Term cpTerm, Endian e) {
    if (!cpTerm.isSmall() || !validCodePoint(cpTerm.small())) return false;
    auto cp = static_cast<uint32_t>(cpTerm.small());
    if (cp < 0x10000) {
        putUint(cp, 16, e);
    } else {
        cp -= 0x10000;
        putUint(0xD800 | (cp >> 10), 16, e);
        putUint(0xDC00 | (cp & 0x3FF), 16, e);
    }
    return true;
}

bool BitWriter::putUtf32(Term cpTerm, Endian e) {
    if (!cpTerm.isSmall() || !validCodePoint(cpTerm.small())) return false;
    putUint(static_cast<uint64_t>(cpTerm.small()), 32, e);
    return true;
}

Term BitWriter::finish(Heap& heap) const {
    return makeBitstring(heap, buf_.data(), 0, bits_);
}

// ---------------------------------------------------------------- reading

namespace {

inline bool fits(const BinaryView& v, uint64_t pos, uint64_t bits) {
    return pos <= v.bitSize && bits <= v.bitSize - pos;
}

// The N bits at `pos` as a big-endian right-aligned byte image (endianness undone).
void bitsImage(const BinaryView& v, uint64_t pos, uint64_t bits, Endian e,
               std::vector<uint8_t>& img) {
    size_t n = (bits + 7) / 8;
    img.assign(n, 0);
    if (!isLittle(e) || bits <= 8) {
        copyBits(img.data(), n * 8 - bits, v.data, v.bitOffset + pos, bits);
        return;
    }
    // Little: full bytes (least significant first), then the r high bits.
    std::vector<uint8_t> le(n, 0);
    copyBits(le.data(), 0, v.data, v.bitOffset + pos, bits);
    unsigned r = bits % 8;
    if (r == 0) {
        for (size_t k = 0; k < n; ++k)
            img[k] = le[n - 1 - k];
    } else {
        for (size_t k = 0; k + 1 < n; ++k)
            img[n - 1 - k] = le[k];
        img[0] = static_cast<uint8_t>(le[n - 1] >> (8 - r));
    }
}

} // namespace

bool readUint(const BinaryView& v, uint64_t pos, uint64_t bits, uint64_t& out) {
    if (bits > 64 || !fits(v, pos, bits)) return false;
    uint64_t acc = 0;
    uint64_t p = v.bitOffset + pos;
    uint64_t left = bits;
    while (left) {
        unsigned inByte = static_cast<unsigned>(p % 8);
        unsigned take = static_cast<unsigned>(std::min<uint64_t>(8 - inByte, left));
        unsigned byte = v.data[p / 8];
        unsigned chunk = (byte >> (8 - inByte - take)) & ((1u << take) - 1);
        acc = (take == 64 ? 0 : acc << take) | chunk;
        p += take;
        left -= take;
    }
    out = acc;
    return true;
}

bool readUintEndian(const BinaryView& v, uint64_t pos, uint64_t bits, Endian e, uint64_t& out) {
    if (!isLittle(e) || bits <= 8) return readUint(v, pos, bits, out);
    if (bits > 64 || !fits(v, pos, bits)) return false;
    uint64_t full = bits / 8, acc = 0, byte = 0;
    for (uint64_t k = 0; k < full; ++k) {
        readUint(v, pos + 8 * k, 8, byte);
        acc |= byte << (8 * k);
    }
    if (unsigned r = bits % 8) {
        readUint(v, pos + 8 * full, r, byte);
        acc |= byte << (8 * full);
    }
    out = acc;
    return true;
}

Term readInteger(Heap& heap, const BinaryView& v, uint64_t pos, uint64_t bits, bool isSigned,
                 Endian e) {
    if (!fits(v, pos, bits)) return Term::nonValue();
    if (bits == 0) return Term::makeSmall(0);
    if (bits <= 64) {
        uint64_t u;
        readUintEndian(v, pos, bits, e, u);
        if (isSigned && bits < 64 && (u >> (bits - 1)) & 1) {
            int64_t s = static_cast<int64_t>(u | ~((uint64_t(1) << bits) - 1));
            return makeInteger(heap, s);
        }
        if (isSigned && bits == 64) return makeInteger(heap, static_cast<int64_t>(u));
        return makeIntegerU(heap, u);
    }
    std::vector<uint8_t> img;
    bitsImage(v, pos, bits, e, img);
    Mpz z;
    mpz_import(z, img.size(), 1, 1, 1, 0, img.data());
    if (isSigned && mpz_tstbit(z, bits - 1)) {
        Mpz m;
        mpz_setbit(m, bits);
        mpz_sub(z, z, m);
    }
    return makeIntegerFromMpz(heap, z);
}

Term readFloat(Heap& heap, const BinaryView& v, uint64_t pos, uint64_t bits, Endian e) {
    if (bits != 16 && bits != 32 && bits != 64) return Term::nonValue();
    uint64_t u;
    if (!readUintEndian(v, pos, bits, e, u)) return Term::nonValue();
    double d;
    if (bits == 64) {
        d = std::bit_cast<double>(u);
    } else if (bits == 32) {
        d = std::bit_cast<float>(static_cast<uint32_t>(u));
    } else {
        d = halfToDouble(static_cast<uint16_t>(u));
    }
    if (!std::isfinite(d)) return Term::nonValue();
    return makeFloat(heap, d);
}

bool readUtf8(const BinaryView& v, uint64_t pos, uint32_t& cp, uint64_t& usedBits) {
    uint64_t b0;
    if (!readUint(v, pos, 8, b0)) return false;
    size_t n;
    uint32_t c;
    uint32_t min;
    if (b0 < 0x80) {
        cp = static_cast<uint32_t>(b0);
        usedBits = 8;
        return true;
    } else if ((b0 & 0xE0) == 0xC0) {
        n = 2, c = b0 & 0x1F, min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
        n = 3, c = b0 & 0x0F, min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
        n = 4, c = b0 & 0x07, min = 0x10000;
    } else {
        return false;
    }
    for (size_t k = 1; k < n; ++k) {
        uint64_t b;
        if (!readUint(v, pos + 8 * k, 8, b) || (b & 0xC0) != 0x80) return false;
        c = (c << 6) | (b & 0x3F);
    }
    if (c < min || !validCodePoint(c)) return false;
    cp = c;
    usedBits = 8 * n;
    return true;
}

bool readUtf16(const BinaryView& v, uint64_t pos, Endian e, uint32_t& cp, uint64_t& usedBits) {
    auto unit = [&](uint64_t at, uint32_t& out) {
        uint64_t u;
        if (!readUintEndian(v, at, 16, e, u)) return false;
        out = static_cast<uint32_t>(u);
        return true;
    };
    uint32_t w1;
    if (!unit(pos, w1)) return false;
    if (w1 < 0xD800 || w1 > 0xDFFF) {
        cp = w1;
        usedBits = 16;
        return true;
    }
    if (w1 > 0xDBFF) return false;
    uint32_t w2;
    if (!unit(pos + 16, w2) || w2 < 0xDC00 || w2 > 0xDFFF) return false;
    cp = 0x10000 + (((w1 & 0x3FF) << 10) | (w2 & 0x3FF));
    usedBits = 32;
    return true;
}

bool readUtf32(const BinaryView& v, uint64_t pos, Endian e, uint32_t& cp) {
    uint64_t u;
    if (!readUintEndian(v, pos, 32, e, u)) return false;
    auto c = static_cast<uint32_t>(u);
    if (!validCodePoint(c)) return false;
    cp = c;
    return true;
}

Term readBitstring(Heap& heap, Term bin, uint64_t pos, uint64_t bits) {
    uint64_t size = bitstringBits(bin);
    if (pos > size || bits > size - pos) return Term::nonValue();
    return makeSubBinary(heap, bin, pos, bits);
}

} // namespace pfun::vm
