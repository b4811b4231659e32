#include "pfun/vm/compare.h"
#include "pfun/vm/arith.h"
#include "pfun/vm/construct.h"
#include "pfun/vm/map.h"

#include <doctest/doctest.h>

#include <vector>

using namespace pfun::vm;

namespace {
Term atom(AtomTable& atoms, const char* name) {
    return *atoms.intern(name);
}
Term big(Heap& h, const char* digits) {
    return parseInteger(h, digits, 10);
}
} // namespace

TEST_SUITE("compare") {
    TEST_CASE("type order: number < atom < reference < fun < pid < tuple < map < nil < list < "
              "bitstring") {
        AtomTable atoms;
        Heap h;
        Term* ref = h.alloc(3);
        ref[0] = Term::makeHeader(BoxKind::Ref, 2);
        ref[1] = Term::fromRaw(1);
        ref[2] = Term::fromRaw(2);
        Term* exp = h.alloc(4);
        exp[0] = Term::makeHeader(BoxKind::Export, 3);
        exp[1] = atom(atoms, "erlang");
        exp[2] = atom(atoms, "abs");
        exp[3] = Term::makeSmall(1);
        uint8_t bytes[] = {1, 2};
        std::vector<Term> ordered = {
            big(h, "-100000000000000000000000"),
            makeFloat(h, -1.5),
            Term::makeSmall(0),
            big(h, "100000000000000000000000"),
            atom(atoms, "a"),
            Term::makeBoxed(ref),
            Term::makeBoxed(exp),
            Term::makeLocalPid(1),
            makeTuple(h, {}),
            makeTuple(h, {Term::makeSmall(1)}),
            mapEmpty(h),
            Term::nil(),
            makeList(h, {Term::makeSmall(1)}),
            makeBinary(h, bytes, 0),
            makeBinary(h, bytes, 2),
        };
        for (size_t i = 0; i < ordered.size(); ++i) {
            for (size_t j = 0; j < ordered.size(); ++j) {
                int c = compareTerms(ordered[i], ordered[j], atoms);
                INFO(i, " vs ", j);
                if (i < j) CHECK(c < 0);
                if (i > j) CHECK(c > 0);
                if (i == j) CHECK(c == 0);
                CHECK(exactEq(ordered[i], ordered[j]) == (i == j));
            }
        }
    }

    TEST_CASE("numbers compare by value but =:= distinguishes integers from floats") {
        AtomTable atoms;
        Heap h;
        Term one = Term::makeSmall(1), oneF = makeFloat(h, 1.0);
        CHECK(compareTerms(one, oneF, atoms) == 0);
        CHECK(eq(one, oneF));
        CHECK_FALSE(exactEq(one, oneF));
        CHECK(exactEq(makeFloat(h, 0.0), makeFloat(h, -0.0))); // OTP 25
        // 2^53 + 1 is not equal to the double 2^53.
        Term p53 = big(h, "9007199254740993");
        Term f53 = makeFloat(h, 9007199254740992.0);
        CHECK(compareTerms(p53, f53, atoms) > 0);
        CHECK_FALSE(eq(p53, f53));
        Term huge = arith::bsl(h, one, Term::makeSmall(2000));
        CHECK(compareTerms(huge, makeFloat(h, 1.0e300), atoms) > 0);
        CHECK(compareTerms(arith::neg(h, huge), makeFloat(h, -1.0e300), atoms) < 0);
        CHECK(compareTerms(makeFloat(h, 2.5), Term::makeSmall(2), atoms) > 0);
        CHECK(compareTerms(makeFloat(h, -2.5), Term::makeSmall(-2), atoms) < 0);
        // Compound: {1} == {1.0} but not =:=.
        Term t1 = makeTuple(h, {one}), t2 = makeTuple(h, {oneF});
        CHECK(eq(t1, t2));
        CHECK_FALSE(exactEq(t1, t2));
        CHECK(exactEq(big(h, "123456789012345678901234567890"),
                      big(h, "123456789012345678901234567890")));
    }

    TEST_CASE("map-key order puts integers before floats") {
        AtomTable atoms;
        Heap h;
        CHECK(compareMapKeys(Term::makeSmall(2), makeFloat(h, 1.5), atoms) < 0);
        CHECK(compareMapKeys(makeFloat(h, 1.0), Term::makeSmall(1), atoms) > 0);
        CHECK(compareTerms(makeFloat(h, 1.0), Term::makeSmall(1), atoms) == 0);
    }

    TEST_CASE("atoms order by name, not by index") {
        AtomTable atoms;
        Term z = atom(atoms, "zzz_first_interned");
        Term a = atom(atoms, "aaa_second");
        CHECK(compareTerms(a, z, atoms) < 0);
        CHECK(compareTerms(atom(atoms, "ab"), atom(atoms, "abc"), atoms) < 0);
    }

    TEST_CASE("lists, tuples, improper lists, strings") {
        AtomTable atoms;
        Heap h;
        CHECK(compareTerms(makeStringList(h, "abc"), makeStringList(h, "abd"), atoms) < 0);
        CHECK(compareTerms(makeStringList(h, "ab"), makeStringList(h, "abc"), atoms) < 0);
        // [1|2] vs [1,2]: tails 2 < [2]
        Term improper = makeList(h, {Term::makeSmall(1)}, Term::makeSmall(2));
        CHECK(compareTerms(improper, makeList(h, {Term::makeSmall(1), Term::makeSmall(2)}), atoms) <
              0);
        // Tuples: size first.
        CHECK(compareTerms(makeTuple(h, {Term::makeSmall(9)}),
                           makeTuple(h, {Term::makeSmall(1), Term::makeSmall(1)}), atoms) < 0);
    }

    TEST_CASE("deep nesting does not overflow the stack") {
        AtomTable atoms;
        Heap h;
        Term a = Term::nil(), b = Term::nil();
        for (int i = 0; i < 1000000; ++i) {
            a = makeList(h, {a});
            b = makeList(h, {b});
        }
        CHECK(exactEq(a, b));
        CHECK(eq(a, b));
        CHECK(compareTerms(a, b, atoms) == 0);
    }

    TEST_CASE("maps compare by size, then keys, then values") {
        AtomTable atoms;
        Heap h;
        Term a = atom(atoms, "a"), b = atom(atoms, "b");
        Term m1 = mapNew(h, std::vector<Term>{a}, std::vector<Term>{Term::makeSmall(5)}, atoms);
        Term m2 = mapNew(h, std::vector<Term>{a, b},
                         std::vector<Term>{Term::makeSmall(1), Term::makeSmall(1)}, atoms);
        Term m3 = mapNew(h, std::vector<Term>{b}, std::vector<Term>{Term::makeSmall(0)}, atoms);
        Term m4 = mapNew(h, std::vector<Term>{a}, std::vector<Term>{Term::makeSmall(6)}, atoms);
        CHECK(compareTerms(m1, m2, atoms) < 0);
        CHECK(compareTerms(m1, m3, atoms) < 0);
        CHECK(compareTerms(m1, m4, atoms) < 0);
        Term m5 = mapNew(h, std::vector<Term>{a}, std::vector<Term>{makeFloat(h, 5.0)}, atoms);
        CHECK(eq(m1, m5));
        CHECK_FALSE(exactEq(m1, m5));
        // Keys match exactly even under ==.
        Term k1 = mapNew(h, std::vector<Term>{Term::makeSmall(1)}, std::vector<Term>{a}, atoms);
        Term k2 = mapNew(h, std::vector<Term>{makeFloat(h, 1.0)}, std::vector<Term>{a}, atoms);
        CHECK_FALSE(eq(k1, k2));
    }
}
