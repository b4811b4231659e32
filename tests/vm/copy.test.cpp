#include "pfun/vm/copy.h"
#include "pfun/vm/binary.h"
#include "pfun/vm/compare.h"
#include "pfun/vm/construct.h"
#include "pfun/vm/map.h"

#include <doctest/doctest.h>

#include <vector>

using namespace pfun::vm;

TEST_SUITE("copy") {
    TEST_CASE("deep copy into another heap is equal and shares nothing") {
        AtomTable atoms;
        Heap from;
        Term inner = makeTuple(from, {Term::makeSmall(1), makeFloat(from, 2.0)});
        Term m = mapEmpty(from);
        for (int i = 0; i < 50; ++i)
            m = mapPut(from, m, Term::makeSmall(i), inner, atoms);
        Term t = makeList(from, {inner, m, parseInteger(from, "99999999999999999999999", 10)},
                          *atoms.intern("tail"));
        Heap to;
        size_t words = termSizeWords(t);
        size_t before = to.allocatedWords();
        Term c = copyTerm(t, to);
        CHECK(to.allocatedWords() - before == words);
        CHECK(exactEq(c, t));
        CHECK(to.contains(c.consPtr()));
        CHECK(to.contains(c.head().boxedPtr()));
        CHECK_FALSE(from.contains(c.tail().head().boxedPtr()));
        CHECK(copyTerm(Term::makeSmall(3), to) == Term::makeSmall(3));
    }

    TEST_CASE("copying a reference-counted binary takes a reference") {
        Heap from;
        std::vector<uint8_t> bytes(300, 1);
        Term bin = makeBinary(from, bytes.data(), bytes.size());
        auto* shared = reinterpret_cast<SharedBinary*>(bin.boxedPtr()[2].raw());
        Term sub = makeSubBinary(from, bin, 8, 16);
        {
            Heap to;
            Term c = copyTerm(makeTuple(from, {bin, sub}), to);
            CHECK(shared->refCount() == 3); // from's handle, and the copies of bin and sub's base
            CHECK(exactEq(c.element(1), sub));
        }
        CHECK(shared->refCount() == 1);
    }

    TEST_CASE("long lists copy without recursion") {
        Heap from, to;
        Term l = Term::nil();
        for (int i = 0; i < 1000000; ++i)
            l = makeCons(from, Term::makeSmall(i), l);
        Term c = copyTerm(l, to);
        CHECK(listLength(c) == 1000000);
        CHECK(exactEq(c, l));
    }
}
