#include "bitsyntax.h"

#include "pfun/vm/binary.h"
#include "pfun/vm/construct.h"
#include "pfun/vm/number.h"
#include "pfun/vm/runtime.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <vector>

namespace pfun::vm {

namespace {

enum class SegType { Integer, Float, Binary, Bitstring, Utf8, Utf16, Utf32, Bad };

struct Segment {
    SegType type = SegType::Bad;
    uint64_t unit = 1;
    bool isSigned = false;
    bool little = false;
};

// {Type, Unit, Flags}: Type an atom, Flags a bitset (1 little, 2 signed, 4 native).
Segment decodeSegment(const Runtime::BitSyntaxAtoms& names, Term spec) {
    Segment s;
    if (!spec.isTuple() || spec.tupleArity() != 3) return s;
    Term type = spec.element(0), unit = spec.element(1), flags = spec.element(2);
    const Term types[] = {names.integer, names.floatType, names.binary, names.bitstring,
                          names.utf8,    names.utf16,     names.utf32};
    for (size_t i = 0; i < std::size(types); ++i)
        if (type == types[i]) s.type = SegType(i);
    s.unit =
        unit.isSmall() && unit.small() >= 1 && unit.small() <= 256 ? uint64_t(unit.small()) : 1;
    int64_t f = flags.isSmall() ? flags.small() : 0;
    s.isSigned = (f & 2) != 0;
    s.little = (f & 1) != 0 || (f & 4) != 0; // native is little-endian on our targets
    return s;
}

// Bits of a segment: size * unit, or the type's default when size is not an integer.
bool segmentBits(const Segment& s, Term size, uint64_t& bits, bool& all) {
    all = false;
    if (size.isSmall()) {
        if (size.small() < 0) return false;
        bits = uint64_t(size.small()) * s.unit;
        return true;
    }
    if (size.isBignum()) return false;
    switch (s.type) {
    case SegType::Integer: bits = 8; return true;
    case SegType::Float: bits = 64; return true;
    case SegType::Binary:
    case SegType::Bitstring: all = true; return true;
    default: bits = 0; return true;
    }
}

class BitWriter {
  public:
    std::vector<uint8_t> bytes;
    uint64_t bits = 0;
    void putBit(bool b) {
        if (bits % 8 == 0) bytes.push_back(0);
        if (b) bytes.back() |= uint8_t(0x80u >> (bits % 8));
        ++bits;
    }
    void putBits(const uint8_t* data, uint64_t offset, uint64_t n) {
        if (bits % 8 == 0 && offset % 8 == 0) {
            size_t whole = size_t(n / 8);
            bytes.insert(bytes.end(), data + offset / 8, data + offset / 8 + whole);
            bits += uint64_t(whole) * 8;
            offset += uint64_t(whole) * 8;
            n -= uint64_t(whole) * 8;
        }
        for (uint64_t i = 0; i < n; ++i) {
            uint64_t at = offset + i;
            putBit((data[at / 8] >> (7 - at % 8)) & 1);
        }
    }
};

bool writeInteger(BitWriter& w, Term value, uint64_t bits, bool little) {
    if (!value.isInteger()) return false;
    if (bits == 0) return true;
    // Two's complement of the value, least significant byte first, wide enough.
    size_t nbytes = size_t((bits + 7) / 8);
    std::vector<uint8_t> le(nbytes, 0);
    if (value.isSmall()) {
        auto v = uint64_t(value.small());
        uint8_t fill = value.small() < 0 ? 0xff : 0;
        for (size_t i = 0; i < nbytes; ++i)
            le[i] = i < 8 ? uint8_t(v >> (8 * i)) : fill;
    } else {
        IntegerView view(value);
        Mpz mag;
        mpz_abs(mag, view.get());
        if (mpz_sgn(view.get()) < 0) {
            // -x mod 2^(8n) = 2^(8n) - x
            Mpz mod;
            mpz_ui_pow_ui(mod, 2, nbytes * 8);
            mpz_mod(mag, view.get(), mod);
        }
        Mpz low;
        mpz_tdiv_r_2exp(low, mag, nbytes * 8);
        size_t count = 0;
        mpz_export(le.data(), &count, -1, 1, -1, 0, low);
    }
    // Big endian: the low `bits` bits, most significant first. Little endian (whole
    // bytes): the bytes in increasing significance.
    if (little && bits % 8 == 0) {
        for (size_t i = 0; i < nbytes; ++i)
            w.putBits(&le[i], 0, 8);
        return true;
    }
    for (uint64_t i = bits; i-- > 0;)
        w.putBit((le[size_t(i / 8)] >> (i % 8)) & 1);
    return true;
}

bool writeFloat(BitWriter& w, Term value, uint64_t bits, bool little) {
    double d;
    if (!termToDouble(value, d)) return false;
    uint8_t buf[8];
    size_t n;
    if (bits == 64) {
        uint64_t raw = std::bit_cast<uint64_t>(d);
        for (int i = 0; i < 8; ++i)
            buf[i] = uint8_t(raw >> (56 - 8 * i));
        n = 8;
    } else if (bits == 32) {
        auto f = float(d);
        if (std::isinf(f) && !std::isinf(d)) return false;
        uint32_t raw = std::bit_cast<uint32_t>(f);
        for (int i = 0; i < 4; ++i)
            buf[i] = uint8_t(raw >> (24 - 8 * i));
        n = 4;
    } else {
        return false; // 16-bit floats are not supported
    }
    if (little)
        for (size_t i = 0; i < n / 2; ++i)
            std::swap(buf[i], buf[n - 1 - i]);
    w.putBits(buf, 0, n * 8);
    return true;
}

bool writeUtf(BitWriter& w, Term value, SegType type, bool little) {
    if (!value.isSmall()) return false;
    int64_t cp = value.small();
    if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    uint8_t buf[4];
    size_t n = 0;
    if (type == SegType::Utf8) {
        if (cp < 0x80)
            buf[n++] = uint8_t(cp);
        else if (cp < 0x800) {
            buf[n++] = uint8_t(0xC0 | (cp >> 6));
            buf[n++] = uint8_t(0x80 | (cp & 0x3f));
        } else if (cp < 0x10000) {
            buf[n++] = uint8_t(0xE0 | (cp >> 12));
            buf[n++] = uint8_t(0x80 | ((cp >> 6) & 0x3f));
            buf[n++] = uint8_t(0x80 | (cp & 0x3f));
        } else {
            buf[n++] = uint8_t(0xF0 | (cp >> 18));
            buf[n++] = uint8_t(0x80 | ((cp >> 12) & 0x3f));
            buf[n++] = uint8_t(0x80 | ((cp >> 6) & 0x3f));
            buf[n++] = uint8_t(0x80 | (cp & 0x3f));
        }
        w.putBits(buf, 0, n * 8);
        return true;
    }
    if (type == SegType::Utf16) {
        auto unit = [&](uint32_t u) {
            uint8_t b[2] = {uint8_t(u >> 8), uint8_t(u)};
            if (little) std::swap(b[0], b[1]);
            w.putBits(b, 0, 16);
        };
        if (cp < 0x10000)
            unit(uint32_t(cp));
        else {
            uint32_t c = uint32_t(cp - 0x10000);
            unit(0xD800 | (c >> 10));
            unit(0xDC00 | (c & 0x3ff));
        }
        return true;
    }
    return writeInteger(w, value, 32, little);
}

uint64_t readBitsU64(const BinaryView& v, uint64_t offset, uint64_t n) {
    uint64_t r = 0;
    for (uint64_t i = 0; i < n; ++i) {
        uint64_t at = v.bitOffset + offset + i;
        r = (r << 1) | ((v.data[at / 8] >> (7 - at % 8)) & 1);
    }
    return r;
}

void readBytes(const BinaryView& v, uint64_t offset, uint64_t bits, std::vector<uint8_t>& out) {
    out.assign(size_t((bits + 7) / 8), 0);
    copyBits(out.data(), 0, v.data, v.bitOffset + offset, bits);
}

Term readInteger(Heap& heap, const BinaryView& v, uint64_t offset, uint64_t bits,
                 const Segment& s) {
    if (bits == 0) return Term::makeSmall(0);
    if (bits <= 64 && !(s.little && bits % 8 == 0 && bits > 8)) {
        uint64_t u = readBitsU64(v, offset, bits);
        if (s.isSigned && bits < 64 && (u >> (bits - 1)) & 1) {
            int64_t x = int64_t(u | (~uint64_t(0) << bits));
            return makeInteger(heap, x);
        }
        if (s.isSigned && bits == 64) return makeInteger(heap, int64_t(u));
        return makeIntegerU(heap, u);
    }
    std::vector<uint8_t> bytes;
    if (s.little && bits % 8 == 0) {
        readBytes(v, offset, bits, bytes);
    } else {
        // Big endian with a partial first byte: right-align the bits.
        uint64_t pad = (8 - bits % 8) % 8;
        bytes.assign(size_t((bits + pad) / 8), 0);
        copyBits(bytes.data(), pad, v.data, v.bitOffset + offset, bits);
    }
    Mpz z;
    mpz_import(z, bytes.size(), s.little && bits % 8 == 0 ? -1 : 1, 1, 1, 0, bytes.data());
    if (s.isSigned && mpz_tstbit(z, bits - 1)) {
        Mpz mod;
        mpz_ui_pow_ui(mod, 2, bits);
        mpz_sub(z, z, mod);
    }
    return makeIntegerFromMpz(heap, z);
}

} // namespace

Term bsBuild(Process& p, const Term* regs, uint32_t count, Term descriptor) {
    if (!descriptor.isTuple() || descriptor.tupleArity() != count) return p.badarg();
    BitWriter w;
    for (uint32_t i = 0; i < count; ++i) {
        Segment s = decodeSegment(p.runtime().bitSyntaxAtoms(), descriptor.element(i));
        Term value = regs[2 * i], size = regs[2 * i + 1];
        uint64_t bits = 0;
        bool all = false;
        if (s.type == SegType::Bad || !segmentBits(s, size, bits, all)) return p.badarg();
        bool ok = true;
        switch (s.type) {
        case SegType::Integer: ok = writeInteger(w, value, bits, s.little); break;
        case SegType::Float: ok = writeFloat(w, value, bits, s.little); break;
        case SegType::Binary:
        case SegType::Bitstring: {
            if (!value.isBitstring()) return p.badarg();
            BinaryView v = binaryView(value);
            if (s.type == SegType::Binary && all && !v.isBinary()) return p.badarg();
            if (all) bits = v.bitSize;
            if (bits > v.bitSize) return p.badarg();
            w.putBits(v.data, v.bitOffset, bits);
            break;
        }
        default: ok = writeUtf(w, value, s.type, s.little); break;
        }
        if (!ok) return p.badarg();
    }
    return makeBitstring(p.heap(), w.bytes.data(), 0, w.bits);
}

Term bsStart(Process&, Term t) {
    return t.isBitstring() ? t : Term::nonValue();
}

bool bsTestTail(Term state, uint64_t bits) {
    return state.isBitstring() && bitstringBits(state) == bits;
}

Term bsRest(Process&, Term state) {
    return state;
}

Term bsGet(Process& p, Term& state, Term size, Term spec) {
    if (!state.isBitstring()) return Term::nonValue();
    Heap& heap = p.heap();
    Segment s = decodeSegment(p.runtime().bitSyntaxAtoms(), spec);
    BinaryView v = binaryView(state);
    uint64_t bits = 0;
    bool all = false;
    if (s.type == SegType::Bad || !segmentBits(s, size, bits, all)) return Term::nonValue();
    uint64_t left = v.bitSize;
    Term value;
    switch (s.type) {
    case SegType::Integer:
        if (bits > left) return Term::nonValue();
        value = readInteger(heap, v, 0, bits, s);
        break;
    case SegType::Float: {
        if (bits > left || (bits != 64 && bits != 32)) return Term::nonValue();
        std::vector<uint8_t> b;
        readBytes(v, 0, bits, b);
        if (s.little) std::reverse(b.begin(), b.end());
        double d;
        if (bits == 64) {
            uint64_t raw = 0;
            for (uint8_t x : b)
                raw = raw << 8 | x;
            d = std::bit_cast<double>(raw);
        } else {
            uint32_t raw = 0;
            for (uint8_t x : b)
                raw = raw << 8 | x;
            d = double(std::bit_cast<float>(raw));
        }
        if (!std::isfinite(d)) return Term::nonValue();
        value = makeFloat(heap, d);
        break;
    }
    case SegType::Binary:
    case SegType::Bitstring:
        if (all) {
            if (s.type == SegType::Binary && left % s.unit != 0) return Term::nonValue();
            if (s.type == SegType::Binary && left % 8 != 0) return Term::nonValue();
            bits = left;
        }
        if (bits > left) return Term::nonValue();
        value = makeSubBinary(heap, state, 0, bits);
        break;
    case SegType::Utf8: {
        if (left < 8) return Term::nonValue();
        auto b0 = uint32_t(readBitsU64(v, 0, 8));
        uint32_t n = b0 < 0x80         ? 1
                     : (b0 >> 5) == 6  ? 2
                     : (b0 >> 4) == 14 ? 3
                     : (b0 >> 3) == 30 ? 4
                                       : 0;
        if (n == 0 || left < 8 * n) return Term::nonValue();
        uint32_t cp = n == 1 ? b0 : n == 2 ? (b0 & 0x1f) : n == 3 ? (b0 & 0x0f) : (b0 & 0x07);
        for (uint32_t i = 1; i < n; ++i) {
            auto c = uint32_t(readBitsU64(v, 8 * i, 8));
            if ((c >> 6) != 2) return Term::nonValue();
            cp = cp << 6 | (c & 0x3f);
        }
        static constexpr uint32_t kMin[5] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return Term::nonValue();
        bits = 8 * n;
        value = Term::makeSmall(cp);
        break;
    }
    case SegType::Utf16: {
        if (left < 16) return Term::nonValue();
        auto unit = [&](uint64_t at) {
            auto u = uint32_t(readBitsU64(v, at, 16));
            return s.little ? ((u & 0xff) << 8 | u >> 8) : u;
        };
        uint32_t u = unit(0);
        bits = 16;
        if (u >= 0xD800 && u <= 0xDBFF) {
            if (left < 32) return Term::nonValue();
            uint32_t l = unit(16);
            if (l < 0xDC00 || l > 0xDFFF) return Term::nonValue();
            u = 0x10000 + ((u - 0xD800) << 10) + (l - 0xDC00);
            bits = 32;
        } else if (u >= 0xDC00 && u <= 0xDFFF) {
            return Term::nonValue();
        }
        value = Term::makeSmall(u);
        break;
    }
    case SegType::Utf32: {
        if (left < 32) return Term::nonValue();
        Segment s32 = s;
        s32.isSigned = false;
        value = readInteger(heap, v, 0, 32, s32);
        int64_t cp = value.small();
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return Term::nonValue();
        bits = 32;
        break;
    }
    default: return Term::nonValue();
    }
    state = makeSubBinary(heap, state, bits, left - bits);
    return value;
}

} // namespace pfun::vm
