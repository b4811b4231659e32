#include "pfun/vm/external.h"
#include "pfun/vm/binary.h"
#include "pfun/vm/code.h"
#include "pfun/vm/compare.h"
#include "pfun/vm/construct.h"

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

using namespace pfun::vm;

namespace {

struct ExternalCase {
    const char* hex;  // term_to_binary(T) from erl
    uint32_t phash2;  // erlang:phash2(T)
    uint32_t phash2r; // erlang:phash2(T, 1000)
    bool sameBytes;   // our re-encoding must be byte-identical
    bool hashChecked; // the hash does not depend on the node
};
const ExternalCase kCases[] = {
#include "data/external_cases.inc"
};

std::vector<uint8_t> unhex(const char* s) {
    std::vector<uint8_t> out;
    auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'A' + 10; };
    for (; s[0] && s[1]; s += 2)
        out.push_back(static_cast<uint8_t>(nibble(s[0]) * 16 + nibble(s[1])));
    return out;
}

Term decode(Heap& h, AtomTable& atoms, const std::vector<uint8_t>& bytes) {
    return binaryToTerm(h, bytes.data(), bytes.size(), atoms);
}

} // namespace

TEST_SUITE("external") {
    TEST_CASE("terms erl encoded decode and re-encode to the same bytes") {
        AtomTable atoms;
        Heap h;
        for (const ExternalCase& c : kCases) {
            INFO(c.hex);
            std::vector<uint8_t> bytes = unhex(c.hex);
            Term t = decode(h, atoms, bytes);
            REQUIRE_FALSE(t.isNonValue());
            std::vector<uint8_t> again;
            REQUIRE(encodeTerm(t, atoms, again));
            if (c.sameBytes) CHECK(again == bytes);
            Term back = decode(h, atoms, again);
            REQUIRE_FALSE(back.isNonValue());
            CHECK(exactEq(back, t));
            // term_to_binary as a binary term.
            Term bin = termToBinary(h, t, atoms);
            REQUIRE(isBinaryTerm(bin));
            CHECK(binaryView(bin).byteSize() == again.size());
        }
    }

    TEST_CASE("decoded values are the right terms") {
        AtomTable atoms;
        Heap h;
        // 1 bsl 100 = SMALL_BIG_EXT
        Term big = decode(h, atoms, unhex("836E0D0000000000000000000000000010"));
        REQUIRE(big.isBignum());
        CHECK(integerToString(big) == "1267650600228229401496703205376");
        Term str = decode(h, atoms, unhex("836B0003616263")); // "abc"
        CHECK(exactEq(str, makeStringList(h, "abc")));
        Term utf = decode(h, atoms, unhex("837703E282AC")); // the atom '€'
        CHECK(atoms.name(utf) == "\xE2\x82\xAC");
        Term latin = decode(h, atoms, unhex("83640001E4")); // 'ä' as ATOM_EXT
        CHECK(atoms.name(latin) == "\xC3\xA4");
        std::vector<uint8_t> enc;
        REQUIRE(encodeTerm(latin, atoms, enc));
        CHECK(enc == unhex("83640001E4"));
        Term self =
            decode(h, atoms, unhex("835864000D6E6F6E6F6465406E6F686F7374000000090000000000000000"));
        CHECK(self.isLocalPid());
        CHECK(self.pidNumber() == 9);
    }

    TEST_CASE("string and list boundaries") {
        AtomTable atoms;
        Heap h;
        std::vector<uint8_t> enc;
        REQUIRE(encodeTerm(makeStringList(h, std::string(65535, 'a')), atoms, enc));
        CHECK(enc[1] == 107); // STRING_EXT
        enc.clear();
        Term longList = makeStringList(h, std::string(65536, 'a'));
        REQUIRE(encodeTerm(longList, atoms, enc));
        CHECK(enc[1] == 108); // LIST_EXT
        CHECK(exactEq(decode(h, atoms, enc), longList));
    }

    TEST_CASE("deeply nested terms round-trip without recursion") {
        AtomTable atoms;
        Heap h;
        Term t = Term::nil();
        for (int i = 0; i < 200000; ++i)
            t = makeList(h, {t});
        for (int i = 0; i < 200000; ++i)
            t = makeTuple(h, {t, Term::makeSmall(i)});
        std::vector<uint8_t> enc;
        REQUIRE(encodeTerm(t, atoms, enc));
        Term back = decode(h, atoms, enc);
        REQUIRE_FALSE(back.isNonValue());
        CHECK(exactEq(back, t));
    }

    TEST_CASE("compressed encoding matches erl and decodes") {
        AtomTable atoms;
        Heap h;
        std::vector<Term> zeros(100, Term::makeSmall(0));
        std::vector<uint8_t> enc;
        REQUIRE(encodeTermCompressed(makeList(h, zeros), atoms, enc));
        // erl: term_to_binary(lists:duplicate(100, 0), [compressed])
        std::vector<uint8_t> erl = {131, 80, 0,   0, 0, 103, 120, 156, 203, 102,
                                    72,  97, 160, 3, 0, 0,   82,  232, 0,   208};
        CHECK(enc == erl);
        CHECK(exactEq(decode(h, atoms, erl), makeList(h, zeros)));
        // Not worth compressing: the plain encoding.
        enc.clear();
        REQUIRE(encodeTermCompressed(makeTuple(h, {Term::makeSmall(1), Term::makeSmall(2)}), atoms,
                                     enc));
        CHECK(enc == std::vector<uint8_t>{131, 104, 2, 97, 1, 97, 2});
        // Corrupt or lying compressed input.
        std::vector<uint8_t> bad = erl;
        bad[5] = 104; // claims a different inflated size
        CHECK(decode(h, atoms, bad).isNonValue());
        bad = erl;
        bad[12] ^= 0xFF;
        CHECK(decode(h, atoms, bad).isNonValue());
        CHECK(decode(h, atoms, {131, 80, 0xFF, 0xFF, 0xFF, 0xFF, 120, 156}).isNonValue());
        for (size_t n = 0; n < erl.size(); ++n)
            CHECK(decode(h, atoms,
                         std::vector<uint8_t>(erl.begin(), erl.begin() + static_cast<long>(n)))
                      .isNonValue());
    }

    TEST_CASE("local funs round-trip through a resolver, and only through it") {
        AtomTable atoms;
        Heap h;
        FunEntry entry;
        entry.module = *atoms.intern("m");
        entry.index = 3;
        entry.arity = 1;
        entry.numFree = 2;
        entry.uniq = 12345;
        auto makeFun = [&](Term a, Term b) {
            Term* f = h.alloc(4);
            f[0] = Term::makeHeader(BoxKind::Fun, 3);
            f[1] = Term::fromRaw(reinterpret_cast<uint64_t>(&entry));
            f[2] = a;
            f[3] = b;
            return Term::makeBoxed(f);
        };
        Term inner = makeFun(Term::makeSmall(7), Term::nil());
        Term outer = makeFun(makeTuple(h, {inner, *atoms.intern("x")}), Term::makeSmall(300));
        std::vector<uint8_t> enc;
        REQUIRE(encodeTerm(outer, atoms, enc));
        CHECK(enc[1] == 112); // NEW_FUN_EXT
        FunResolver find = [&](Term m, uint32_t index, uint32_t uniq) -> const FunEntry* {
            return m == entry.module && index == entry.index && uniq == entry.uniq ? &entry
                                                                                   : nullptr;
        };
        Term back = binaryToTerm(h, enc.data(), enc.size(), atoms, nullptr, atoms::kNonode, &find);
        REQUIRE_FALSE(back.isNonValue());
        CHECK(exactEq(back, outer));
        CHECK(decode(h, atoms, enc).isNonValue()); // no resolver: not decodable
        FunResolver none = [](Term, uint32_t, uint32_t) -> const FunEntry* { return nullptr; };
        CHECK(binaryToTerm(h, enc.data(), enc.size(), atoms, nullptr, atoms::kNonode, &none)
                  .isNonValue());
        for (size_t cut = 1; cut < enc.size(); ++cut)
            CHECK(binaryToTerm(h, enc.data(), cut, atoms, nullptr, atoms::kNonode, &find)
                      .isNonValue());
        std::vector<uint8_t> lying = enc; // Size one byte short of the real encoding
        lying[5] = static_cast<uint8_t>(lying[5] - 1);
        CHECK(binaryToTerm(h, lying.data(), lying.size(), atoms, nullptr, atoms::kNonode, &find)
                  .isNonValue());
    }

    TEST_CASE("malformed input is rejected, never read out of bounds") {
        AtomTable atoms;
        Heap h;
        CHECK(binaryToTerm(h, nullptr, 0, atoms).isNonValue());
        CHECK(decode(h, atoms, {}).isNonValue());
        CHECK(decode(h, atoms, {130, 97, 1}).isNonValue());                        // bad version
        CHECK(decode(h, atoms, {131, 97, 1, 0}).isNonValue());                     // trailing byte
        CHECK(decode(h, atoms, {131, 200}).isNonValue());                          // unknown tag
        CHECK(decode(h, atoms, {131, 108, 255, 255, 255, 255, 106}).isNonValue()); // huge list
        CHECK(decode(h, atoms, {131, 105, 255, 255, 255, 255}).isNonValue());      // huge tuple
        CHECK(decode(h, atoms, {131, 116, 255, 255, 255, 255}).isNonValue());      // huge map
        CHECK(decode(h, atoms, {131, 111, 255, 255, 255, 255, 0}).isNonValue());   // huge big
        CHECK(decode(h, atoms, {131, 110, 1, 2, 5}).isNonValue());                 // bad sign
        CHECK(decode(h, atoms, {131, 77, 0, 0, 0, 1, 9, 0}).isNonValue());         // 9 bits
        CHECK(decode(h, atoms, {131, 70, 0x7F, 0xF0, 0, 0, 0, 0, 0, 0}).isNonValue()); // inf
        CHECK(decode(h, atoms, {131, 119, 2, 0xC3, 0x28}).isNonValue());               // bad UTF-8
        // Duplicate map keys.
        CHECK(decode(h, atoms, {131, 116, 0, 0, 0, 2, 97, 1, 97, 2, 97, 1, 97, 3}).isNonValue());
        size_t used = 0;
        std::vector<uint8_t> two = {131, 97, 1, 0xFF};
        Term t = binaryToTerm(h, two.data(), two.size(), atoms, &used);
        CHECK(t.small() == 1);
        CHECK(used == 3);

        // Every truncation of every valid case fails cleanly; random mutations do not crash.
        std::mt19937 rng(12345);
        for (const ExternalCase& c : kCases) {
            std::vector<uint8_t> bytes = unhex(c.hex);
            for (size_t n = 0; n < bytes.size(); ++n) {
                std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + static_cast<long>(n));
                CHECK(decode(h, atoms, cut).isNonValue());
            }
            for (int k = 0; k < 50; ++k) {
                std::vector<uint8_t> m = bytes;
                size_t at = 1 + rng() % (m.size() - 1 + (m.size() == 1));
                if (at < m.size()) m[at] = static_cast<uint8_t>(rng());
                Term r = decode(h, atoms, m);
                if (!r.isNonValue()) {
                    std::vector<uint8_t> enc;
                    (void)encodeTerm(r, atoms, enc); // anything decoded must be encodable
                }
            }
        }
    }
}
