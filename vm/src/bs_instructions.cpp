#include "bs_instructions.h"

#include "pfun/vm/binary.h"
#include "pfun/vm/runtime.h"

#include <iterator>

namespace pfun::vm {

namespace {

enum class SegType { Integer, Float, Binary, Bitstring, Utf8, Utf16, Utf32, Bad };

struct Segment {
    SegType type = SegType::Bad;
    uint64_t unit = 1;
    bool isSigned = false;
    Endian endian = Endian::Big;
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
    s.endian = (f & 4) ? Endian::Native : (f & 1) ? Endian::Little : Endian::Big;
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

Endian endianOf(const Segment& s) {
    return s.endian;
}

} // namespace

Term bsBuild(Process& p, const Term* regs, uint32_t count, Term descriptor) {
    if (!descriptor.isTuple() || descriptor.tupleArity() != count) return p.badarg();
    BitWriter w;
    const Runtime::BitSyntaxAtoms& names = p.runtime().bitSyntaxAtoms();
    for (uint32_t i = 0; i < count; ++i) {
        Segment s = decodeSegment(names, descriptor.element(i));
        Term value = regs[2 * i], size = regs[2 * i + 1];
        uint64_t bits = 0;
        bool all = false;
        if (s.type == SegType::Bad || !segmentBits(s, size, bits, all)) return p.badarg();
        bool ok = true;
        switch (s.type) {
        case SegType::Integer: ok = w.putInteger(value, bits, endianOf(s)); break;
        case SegType::Float: ok = w.putFloat(value, bits, endianOf(s)); break;
        case SegType::Binary:
        case SegType::Bitstring:
            if (!value.isBitstring()) return p.badarg();
            if (all) {
                if (s.type == SegType::Binary && !isBinaryTerm(value)) return p.badarg();
                ok = w.putBitstring(value);
            } else {
                ok = w.putBitstring(value, bits);
            }
            break;
        case SegType::Utf8: ok = w.putUtf8(value); break;
        case SegType::Utf16: ok = w.putUtf16(value, endianOf(s)); break;
        case SegType::Utf32: ok = w.putUtf32(value, endianOf(s)); break;
        default: ok = false; break;
        }
        if (!ok) return p.badarg();
    }
    return w.finish(p.heap());
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
    const uint64_t left = v.bitSize;
    Term value = Term::nonValue();
    switch (s.type) {
    case SegType::Integer:
        if (bits > left) return Term::nonValue();
        value = readInteger(heap, v, 0, bits, s.isSigned, endianOf(s));
        break;
    case SegType::Float: value = readFloat(heap, v, 0, bits, endianOf(s)); break;
    case SegType::Binary:
    case SegType::Bitstring:
        if (all) {
            bits = left;
            if (bits % s.unit != 0) return Term::nonValue();
        }
        if (s.type == SegType::Binary && bits % 8 != 0) return Term::nonValue();
        value = readBitstring(heap, state, 0, bits);
        break;
    case SegType::Utf8: {
        uint32_t cp;
        if (!readUtf8(v, 0, cp, bits)) return Term::nonValue();
        value = Term::makeSmall(cp);
        break;
    }
    case SegType::Utf16: {
        uint32_t cp;
        if (!readUtf16(v, 0, endianOf(s), cp, bits)) return Term::nonValue();
        value = Term::makeSmall(cp);
        break;
    }
    case SegType::Utf32: {
        uint32_t cp;
        if (!readUtf32(v, 0, endianOf(s), cp)) return Term::nonValue();
        bits = 32;
        value = Term::makeSmall(cp);
        break;
    }
    default: return Term::nonValue();
    }
    if (value.isNonValue() || bits > left) return Term::nonValue();
    state = makeSubBinary(heap, state, bits, left - bits);
    return value;
}

} // namespace pfun::vm
