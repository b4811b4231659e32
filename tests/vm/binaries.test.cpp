#include "pfun/vm/binary.h"
#include "pfun/vm/compare.h"
#include "pfun/vm/construct.h"
#include "pfun/vm/number.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace pfun::vm;

namespace {

struct IntCase {
    const char* value;
    uint64_t bits;
    bool little;
    const char* hex; // bytes, last one zero-padded
    uint64_t bitSize;
    const char* unsignedBack;
    const char* signedBack;
};
const IntCase kIntCases[] = {
#include "data/bits_cases.inc"
};

struct FloatCase {
    double value;
    uint64_t bits;
    bool little;
    const char* hex;
};
const FloatCase kFloatCases[] = {
#include "data/float_bits_cases.inc"
};

std::string hexOf(const BinaryView& v) {
    std::vector<uint8_t> bytes((v.bitSize + 7) / 8, 0);
    copyBits(bytes.data(), 0, v.data, v.bitOffset, v.bitSize);
    std::string s;
    static const char* kDigits = "0123456789ABCDEF";
    for (uint8_t b : bytes) {
        s.push_back(kDigits[b >> 4]);
        s.push_back(kDigits[b & 15]);
    }
    return s;
}

Term bytesTerm(Heap& h, std::initializer_list<uint8_t> bytes) {
    return makeBinary(h, bytes.begin(), bytes.size());
}

} // namespace

TEST_SUITE("binaries") {
    TEST_CASE("integer segments are written and read back as erl does") {
        Heap h;
        for (const IntCase& c : kIntCases) {
            INFO(c.value, ":", c.bits, c.little ? "/little" : "/big");
            Endian e = c.little ? Endian::Little : Endian::Big;
            BitWriter w;
            REQUIRE(w.putInteger(parseInteger(h, c.value, 10), c.bits, e));
            Term bin = w.finish(h);
            CHECK(bitstringBits(bin) == c.bitSize);
            BinaryView v = binaryView(bin);
            CHECK(hexOf(v) == c.hex);
            Term u = readInteger(h, v, 0, c.bits, false, e);
            Term s = readInteger(h, v, 0, c.bits, true, e);
            CHECK(integerToString(u) == c.unsignedBack);
            CHECK(integerToString(s) == c.signedBack);
            // Written after a 3-bit prefix (unaligned), the same bits come back.
            BitWriter w2;
            w2.putUint(5, 3);
            w2.putInteger(parseInteger(h, c.value, 10), c.bits, e);
            Term bin2 = w2.finish(h);
            BinaryView v2 = binaryView(bin2);
            CHECK(integerToString(readInteger(h, v2, 3, c.bits, true, e)) == c.signedBack);
            CHECK(readInteger(h, v2, 4, c.bits, true, e).isNonValue()); // one bit short
        }
    }

    TEST_CASE("float segments match erl, and non-finite floats do not match") {
        Heap h;
        for (const FloatCase& c : kFloatCases) {
            INFO(c.value, ":", c.bits);
            Endian e = c.little ? Endian::Little : Endian::Big;
            BitWriter w;
            REQUIRE(w.putFloat(makeFloat(h, c.value), c.bits, e));
            BinaryView v = binaryView(w.finish(h));
            CHECK(hexOf(v) == c.hex);
            Term back = readFloat(h, v, 0, c.bits, e);
            // Values that overflowed to infinity do not match back.
            bool finite = c.value == 0 || (c.bits == 64) || (c.bits == 32 && c.value < 3.5e38) ||
                          (c.bits == 16 && c.value <= 65504.0);
            CHECK(back.isNonValue() == !finite);
        }
        BitWriter w;
        CHECK_FALSE(w.putFloat(makeFloat(h, 1.0), 8, Endian::Big));
        CHECK(w.putFloat(Term::makeSmall(1), 32, Endian::Big)); // integers convert
        Term huge = parseInteger(h, std::string(400, '9'), 10);
        CHECK_FALSE(w.putFloat(huge, 64, Endian::Big));
        CHECK_FALSE(w.putFloat(Term::nil(), 64, Endian::Big));
    }

    TEST_CASE("every finite half-precision float round-trips") {
        Heap h;
        int checked = 0;
        for (uint32_t bits = 0; bits < 0x10000; ++bits) {
            if ((bits & 0x7C00) == 0x7C00) continue; // infinities and NaNs do not match
            BitWriter w;
            w.putUint(bits, 16);
            Term f = readFloat(h, binaryView(w.finish(h)), 0, 16, Endian::Big);
            REQUIRE(f.isFloat());
            BitWriter back;
            REQUIRE(back.putFloat(f, 16, Endian::Big));
            uint64_t again = 0;
            REQUIRE(readUint(binaryView(back.finish(h)), 0, 16, again));
            if (again != bits) {
                INFO(bits);
                CHECK(again == bits);
            }
            ++checked;
        }
        CHECK(checked == 63488);
    }

    TEST_CASE("heap, refc and sub binaries view the same bytes") {
        Heap h;
        std::vector<uint8_t> bytes(300);
        for (size_t i = 0; i < bytes.size(); ++i)
            bytes[i] = static_cast<uint8_t>(i * 7);
        Term small = makeBinary(h, bytes.data(), 64);
        Term large = makeBinary(h, bytes.data(), 300);
        CHECK(small.boxKind() == BoxKind::HeapBin);
        CHECK(large.boxKind() == BoxKind::RefcBin);
        Term sub = makeSubBinary(h, large, 0, 64 * 8);
        CHECK(exactEq(sub, small));
        CHECK(compareTerms(sub, small, AtomTable()) == 0);
        // A sub of a sub points at the original.
        Term sub2 = makeSubBinary(h, makeSubBinary(h, large, 8, 800), 8, 16);
        CHECK(sub2.boxedPtr()[3] == large);
        CHECK(binaryView(sub2).data[0] == bytes[2]);
        // Unaligned views.
        Term odd = makeSubBinary(h, large, 3, 29);
        BinaryView v = binaryView(odd);
        CHECK(v.bitOffset == 3);
        CHECK(v.bitSize == 29);
        uint64_t x;
        CHECK(readUint(v, 0, 29, x));
        uint64_t first32 = uint64_t(bytes[0]) << 24 | uint64_t(bytes[1]) << 16 |
                           uint64_t(bytes[2]) << 8 | bytes[3];
        uint64_t expected = first32 & ((uint64_t(1) << 29) - 1); // skip the first 3 bits
        CHECK(x == expected);
        Term copy = makeBitstring(h, v.data, v.bitOffset, v.bitSize);
        CHECK(copy.boxKind() == BoxKind::HeapBin);
        CHECK(exactEq(copy, odd));
    }

    TEST_CASE("bitstring order: bytes first, then the shorter") {
        Heap h;
        AtomTable atoms;
        CHECK(compareTerms(bytesTerm(h, {1, 2}), bytesTerm(h, {1, 3}), atoms) < 0);
        CHECK(compareTerms(bytesTerm(h, {1, 2}), bytesTerm(h, {1, 2, 0}), atoms) < 0);
        CHECK(compareTerms(bytesTerm(h, {2}), bytesTerm(h, {1, 2, 0}), atoms) > 0);
        BitWriter w;
        w.putUint(1, 1); // <<1:1>>
        Term bit1 = w.finish(h);
        w.clear();
        w.putUint(0, 1); // <<0:1>>
        Term bit0 = w.finish(h);
        CHECK(compareTerms(bit0, bit1, atoms) < 0);
        CHECK(compareTerms(bit1, bytesTerm(h, {0x80}), atoms) < 0); // same bits, shorter
        CHECK(compareTerms(bytesTerm(h, {}), bit0, atoms) < 0);
        CHECK_FALSE(exactEq(bit1, bytesTerm(h, {0x80})));
    }

    TEST_CASE("utf8, utf16 and utf32 segments") {
        Heap h;
        BitWriter w;
        for (int64_t cp : {0x24, 0xA2, 0x20AC, 0x10348, 0x10FFFF}) {
            w.clear();
            REQUIRE(w.putUtf8(Term::makeSmall(cp)));
            BinaryView v = binaryView(w.finish(h));
            uint32_t back;
            uint64_t used;
            REQUIRE(readUtf8(v, 0, back, used));
            CHECK(back == cp);
            CHECK(used == v.bitSize);
            for (Endian e : {Endian::Big, Endian::Little}) {
                w.clear();
                REQUIRE(w.putUtf16(Term::makeSmall(cp), e));
                BinaryView v16 = binaryView(w.finish(h));
                REQUIRE(readUtf16(v16, 0, e, back, used));
                CHECK(back == cp);
                CHECK(used == (cp >= 0x10000 ? 32u : 16u));
                w.clear();
                REQUIRE(w.putUtf32(Term::makeSmall(cp), e));
                REQUIRE(readUtf32(binaryView(w.finish(h)), 0, e, back));
                CHECK(back == cp);
            }
        }
        w.clear();
        CHECK(w.putUtf8(Term::makeSmall(0x20AC)));
        CHECK(hexOf(binaryView(w.finish(h))) == "E282AC");
        CHECK_FALSE(w.putUtf8(Term::makeSmall(0xD800)));
        CHECK_FALSE(w.putUtf8(Term::makeSmall(0x110000)));
        CHECK_FALSE(w.putUtf8(Term::makeSmall(-1)));
        uint32_t cp;
        uint64_t used;
        CHECK_FALSE(readUtf8(binaryView(bytesTerm(h, {0xC0, 0x80})), 0, cp, used)); // overlong
        CHECK_FALSE(
            readUtf8(binaryView(bytesTerm(h, {0xED, 0xA0, 0x80})), 0, cp, used));   // surrogate
        CHECK_FALSE(readUtf8(binaryView(bytesTerm(h, {0xE2, 0x82})), 0, cp, used)); // truncated
        CHECK_FALSE(readUtf8(binaryView(bytesTerm(h, {0x80})), 0, cp, used));
    }

    TEST_CASE("reads never go past the end") {
        Heap h;
        Term b = bytesTerm(h, {1, 2, 3});
        BinaryView v = binaryView(b);
        CHECK(readInteger(h, v, 0, 24, false, Endian::Big).small() == 0x010203);
        CHECK(readInteger(h, v, 0, 25, false, Endian::Big).isNonValue());
        CHECK(readInteger(h, v, 24, 0, false, Endian::Big).small() == 0);
        CHECK(readInteger(h, v, 25, 0, false, Endian::Big).isNonValue());
        CHECK(readInteger(h, v, UINT64_MAX - 3, 8, false, Endian::Big).isNonValue());
        CHECK(readInteger(h, v, 8, UINT64_MAX, false, Endian::Big).isNonValue());
        CHECK(readFloat(h, v, 0, 32, Endian::Big).isNonValue());
        CHECK(readBitstring(h, b, 8, 16).isBitstring());
        CHECK(readBitstring(h, b, 9, 16).isNonValue());
        CHECK(readBitstring(h, b, 16, UINT64_MAX).isNonValue());
        uint64_t x;
        CHECK_FALSE(readUint(v, 20, 8, x));
    }

    TEST_CASE("appending binaries and bitstrings") {
        Heap h;
        BitWriter w;
        w.putUint(1, 4);
        CHECK(w.putBitstring(bytesTerm(h, {0xAB, 0xCD})));
        CHECK(w.putBitstring(bytesTerm(h, {0xEF, 0xFF}), 4));
        CHECK_FALSE(w.putBitstring(bytesTerm(h, {0xEF}), 9));
        CHECK_FALSE(w.putBitstring(Term::makeSmall(1)));
        Term r = w.finish(h);
        CHECK(bitstringBits(r) == 24);
        CHECK(hexOf(binaryView(r)) == "1ABCDE");
        // Large results go off-heap.
        BitWriter big;
        for (int i = 0; i < 100; ++i)
            big.putUint(static_cast<uint64_t>(i), 8);
        Term rb = big.finish(h);
        CHECK(rb.boxKind() == BoxKind::RefcBin);
        CHECK(binaryView(rb).data[99] == 99);
    }
}
