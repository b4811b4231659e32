#include "pfun/vm/heap.h"

#include <doctest/doctest.h>

using namespace pfun::vm;

TEST_SUITE("heap") {
    TEST_CASE("allocation is contiguous within a block and never moves earlier objects") {
        Heap h;
        Term* a = h.alloc(2);
        a[0] = Term::makeSmall(1);
        a[1] = Term::nil();
        Term* b = h.alloc(2);
        CHECK(b == a + 2);
        // Force several new blocks; `a` must stay readable.
        for (int i = 0; i < 100; ++i)
            h.alloc(1000);
        CHECK(a[0].small() == 1);
        CHECK(h.contains(a));
        CHECK(h.allocatedWords() >= 100 * 1000 + 4);
        CHECK(h.wantsCollection());
    }

    TEST_CASE("small integer tagging round-trips the whole range") {
        for (int64_t v : {int64_t(0), int64_t(-1), int64_t(1), Term::kSmallMax, Term::kSmallMin}) {
            Term t = Term::makeSmall(v);
            CHECK(t.isSmall());
            CHECK(t.small() == v);
        }
        CHECK_FALSE(Term::fitsSmall(Term::kSmallMax + 1));
        CHECK(Term::nil().isNil());
        CHECK_FALSE(Term::nil().isSmall());
        CHECK(Term::makeAtom(5).isAtom());
        CHECK(Term::makeAtom(5).atomIndex() == 5);
    }
}
