#include "pfun/vm/atom.h"

#include <doctest/doctest.h>

using namespace pfun::vm;

TEST_SUITE("atom table") {
    TEST_CASE("predefined atoms have fixed indices and names") {
        AtomTable t;
        CHECK(t.name(atoms::kFalse) == "false");
        CHECK(t.name(atoms::kTrue) == "true");
        CHECK(atoms::kFalse.atomIndex() == 0);
        CHECK(atoms::kTrue.atomIndex() == 1);
        CHECK(t.name(atoms::kEXIT) == "EXIT");
    }

    TEST_CASE("interning is idempotent and distinguishes names") {
        AtomTable t;
        Term a = *t.intern("hello");
        Term b = *t.intern("hello");
        Term c = *t.intern("world");
        CHECK(a == b);
        CHECK(a != c);
        CHECK(t.name(c) == "world");
        CHECK(t.find("nope").has_value() == false);
        CHECK(*t.find("hello") == a);
    }

    TEST_CASE("atoms survive chunk growth") {
        AtomTable t;
        std::vector<Term> made;
        for (int i = 0; i < 10000; ++i)
            made.push_back(*t.intern("a" + std::to_string(i)));
        for (int i = 0; i < 10000; ++i)
            CHECK(t.name(made[i]) == "a" + std::to_string(i));
    }

    TEST_CASE("overlong names are refused") {
        AtomTable t;
        CHECK_FALSE(t.intern(std::string(2000, 'x')).has_value());
    }
}
