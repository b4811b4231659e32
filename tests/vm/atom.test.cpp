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
        for (int i = 0; i < 10000; ++i) {
            CHECK(t.name(made[i]) == "a" + std::to_string(i));
            // The name index grew several times on the way; every name is still found.
            CHECK(t.find("a" + std::to_string(i)) == made[i]);
        }
        CHECK(t.size() == atoms::kPredefinedCount + 10000);
        CHECK_FALSE(t.find("a10000").has_value());
        CHECK(t.size() == atoms::kPredefinedCount + 10000);
    }

    TEST_CASE("names that differ only late, or only in length, are distinct atoms") {
        AtomTable t;
        const std::string base(40, 'q');
        Term a = *t.intern(base + "1");
        Term b = *t.intern(base + "2");
        Term c = *t.intern(base);
        Term d = *t.intern(std::string_view("q\0", 2));
        Term e = *t.intern("q");
        Term empty = *t.intern("");
        CHECK(a != b);
        CHECK(b != c);
        CHECK(d != e);
        CHECK(t.name(d).size() == 2);
        CHECK(*t.intern("") == empty);
        CHECK(*t.find(base) == c);
    }

    TEST_CASE("every predefined atom is found by its name") {
        AtomTable t;
        for (uint32_t i = 0; i < atoms::kPredefinedCount; ++i)
            CHECK(t.find(t.nameOf(i)) == Term::makeAtom(i));
    }

    TEST_CASE("overlong names are refused") {
        AtomTable t;
        CHECK_FALSE(t.intern(std::string(2000, 'x')).has_value());
    }
}
