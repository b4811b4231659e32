#include "pfun/vm/bif.h"
#include "pfun/vm/atom.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace pfun::vm;

namespace {
Term one(Process&, const Term*) {
    return Term::makeSmall(1);
}
Term two(Process&, const Term*) {
    return Term::makeSmall(2);
}
} // namespace

TEST_SUITE("BIF table") {
    TEST_CASE("finds by module, name and arity; misses answer null") {
        AtomTable atoms;
        BifTable bifs;
        Term m = *atoms.intern("m");
        Term f = *atoms.intern("f");
        bifs.add(m, f, 1, one, true);
        bifs.add(m, f, 2, two);
        REQUIRE(bifs.find(m, f, 1));
        CHECK((bifs.find(m, f, 1)->fn == one));
        CHECK(bifs.find(m, f, 1)->guardSafe);
        CHECK((bifs.find(m, f, 2)->fn == two));
        CHECK_FALSE(bifs.find(m, f, 3));
        CHECK_FALSE(bifs.find(f, m, 1));
        CHECK(bifs.size() == 2);
    }

    TEST_CASE("entries stay where they are while the table grows, and a re-registration "
              "replaces in place") {
        // Call targets keep BifEntry pointers: growth must not move entries.
        AtomTable atoms;
        BifTable bifs;
        Term m = *atoms.intern("m");
        bifs.add(m, *atoms.intern("first"), 0, one);
        const BifEntry* first = bifs.find(m, *atoms.intern("first"), 0);
        std::vector<Term> names;
        for (int i = 0; i < 3000; ++i) {
            names.push_back(*atoms.intern("f" + std::to_string(i)));
            bifs.add(m, names.back(), uint32_t(i % 4), (i % 2) ? one : two);
        }
        CHECK(bifs.size() == 3001);
        CHECK(bifs.find(m, *atoms.intern("first"), 0) == first);
        for (int i = 0; i < 3000; ++i) {
            const BifEntry* e = bifs.find(m, names[size_t(i)], uint32_t(i % 4));
            REQUIRE(e);
            CHECK((e->fn == ((i % 2) ? one : two)));
        }
        bifs.add(m, *atoms.intern("first"), 0, two, true);
        CHECK(bifs.size() == 3001);
        CHECK((first->fn == two));
        CHECK(first->guardSafe);
        size_t visited = 0;
        bifs.forEach([&](const BifEntry&) { ++visited; });
        CHECK(visited == 3001);
    }
}
