#include "pfun/vm/hash.h"
#include "pfun/vm/construct.h"
#include "pfun/vm/external.h"
#include "pfun/vm/map.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace pfun::vm;

namespace {

struct ExternalCase {
    const char* hex;
    uint32_t phash2;
    uint32_t phash2r;
    bool sameBytes;
    bool hashChecked;
};
// The same erl-generated table as external.test.cpp: term_to_binary bytes with
// erlang:phash2/1 and phash2/2 (range 1000) of the term.
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

} // namespace

TEST_SUITE("hash") {
    TEST_CASE("phash2 matches erl for numbers, atoms, lists, tuples, binaries, maps and funs") {
        AtomTable atoms;
        Heap h;
        size_t checked = 0;
        for (const ExternalCase& c : kCases) {
            if (!c.hashChecked) continue;
            std::vector<uint8_t> bytes = unhex(c.hex);
            Term t = binaryToTerm(h, bytes.data(), bytes.size(), atoms);
            REQUIRE_FALSE(t.isNonValue());
            INFO(c.hex);
            CHECK(phash2(t, atoms) == c.phash2);
            CHECK(phash2(t, atoms, 1000) == c.phash2r);
            ++checked;
        }
        CHECK(checked > 80);
    }

    TEST_CASE("phash2 does not depend on representation") {
        AtomTable atoms;
        Heap h;
        // Built in different orders: flatmap and HAMT alike.
        Term a = mapEmpty(h), b = mapEmpty(h);
        for (int i = 0; i < 100; ++i)
            a = mapPut(h, a, Term::makeSmall(i), Term::makeSmall(-i), atoms);
        for (int i = 99; i >= 0; --i)
            b = mapPut(h, b, Term::makeSmall(i), Term::makeSmall(-i), atoms);
        CHECK(phash2(a, atoms) == phash2(b, atoms));
        // A sub-binary hashes as the bytes it shows, aligned or not.
        std::vector<uint8_t> bytes(100);
        for (size_t i = 0; i < bytes.size(); ++i)
            bytes[i] = static_cast<uint8_t>(i * 3);
        Term whole = makeBinary(h, bytes.data(), bytes.size());
        Term tail = makeBinary(h, bytes.data() + 1, 99);
        CHECK(phash2(makeSubBinary(h, whole, 8, 99 * 8), atoms) == phash2(tail, atoms));
        Term odd = makeSubBinary(h, whole, 3, 50);
        Term oddCopy = makeBitstring(h, bytes.data(), 3, 50);
        CHECK(phash2(odd, atoms) == phash2(oddCopy, atoms));
        CHECK(phash2(makeFloat(h, 0.0), atoms) == phash2(makeFloat(h, -0.0), atoms));
        CHECK(phash2(Term::makeSmall(5), atoms, uint64_t(1) << 32) ==
              phash2Full(Term::makeSmall(5), atoms));
    }
}
