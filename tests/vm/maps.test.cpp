#include "pfun/vm/compare.h"
#include "pfun/vm/construct.h"
#include "pfun/vm/external.h"
#include "pfun/vm/map.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

using namespace pfun::vm;

namespace {
// term_to_binary of maps above 32 keys from erl: entries in erl's iteration order.
const char* const kOrderCases[] = {
#include "data/map_order_cases.inc"
};

std::vector<uint8_t> unhex(const char* s) {
    std::vector<uint8_t> out;
    auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'A' + 10; };
    for (; s[0] && s[1]; s += 2)
        out.push_back(static_cast<uint8_t>(nibble(s[0]) * 16 + nibble(s[1])));
    return out;
}

Term key(Heap& h, int i) {
    // A mix of key kinds so the trie sees immediates and boxes.
    switch (i % 4) {
    case 0: return Term::makeSmall(i);
    case 1: return makeTuple(h, {Term::makeSmall(i)});
    case 2: return makeStringList(h, "k" + std::to_string(i));
    default: return makeFloat(h, i + 0.5);
    }
}
} // namespace

TEST_SUITE("maps") {
    TEST_CASE("small maps keep keys in erl's order: integers, floats, atoms, tuples, lists") {
        AtomTable atoms;
        Heap h;
        // erl: maps:keys(#{2=>a, 1.5=>b, 1=>c, 1.0=>d, b=>1, a=>2, "x"=>1, {x}=>2})
        //      = [1,2,1.0,1.5,a,b,{x},"x"]
        Term a = *atoms.intern("a"), b = *atoms.intern("b"), x = *atoms.intern("x");
        std::vector<Term> keys = {
            Term::makeSmall(2),     makeFloat(h, 1.5), Term::makeSmall(1), makeFloat(h, 1.0), b, a,
            makeStringList(h, "x"), makeTuple(h, {x})};
        std::vector<Term> values(keys.size(), Term::nil());
        Term m = mapNew(h, keys, values, atoms);
        CHECK(m.boxKind() == BoxKind::FlatMap);
        CHECK(mapSize(m) == 8);
        std::vector<Term> ks, vs;
        mapCollect(m, ks, vs);
        REQUIRE(ks.size() == 8);
        CHECK(exactEq(ks[0], Term::makeSmall(1)));
        CHECK(exactEq(ks[1], Term::makeSmall(2)));
        CHECK(exactEq(ks[2], makeFloat(h, 1.0)));
        CHECK(exactEq(ks[3], makeFloat(h, 1.5)));
        CHECK(ks[4] == a);
        CHECK(ks[5] == b);
        CHECK(ks[6].isTuple());
        CHECK(ks[7].isList());
    }

    TEST_CASE("put, get, update, remove on a flatmap with persistence") {
        AtomTable atoms;
        Heap h;
        Term m0 = mapEmpty(h);
        Term k = *atoms.intern("k");
        Term m1 = mapPut(h, m0, k, Term::makeSmall(1), atoms);
        Term m2 = mapPut(h, m1, k, Term::makeSmall(2), atoms);
        CHECK(mapSize(m0) == 0);
        CHECK(mapGet(m1, k).small() == 1);
        CHECK(mapGet(m2, k).small() == 2);
        CHECK(mapGet(m0, k).isNonValue());
        CHECK(mapUpdate(h, m0, k, Term::nil()).isNonValue());
        Term m3 = mapUpdate(h, m2, k, Term::makeSmall(3));
        CHECK(mapGet(m3, k).small() == 3);
        CHECK(mapGet(m2, k).small() == 2);
        Term m4 = mapRemove(h, m3, k, atoms);
        CHECK(mapSize(m4) == 0);
        CHECK(mapRemove(h, m4, k, atoms) == m4);
        // Lookup matches keys exactly: 1.0 does not find 1.
        Term m5 = mapPut(h, m0, Term::makeSmall(1), k, atoms);
        CHECK(mapGet(m5, makeFloat(h, 1.0)).isNonValue());
        CHECK(mapGet(m5, Term::makeSmall(1)) == k);
    }

    TEST_CASE("growing past 32 keys becomes a HAMT, shrinking back becomes flat") {
        AtomTable atoms;
        Heap h;
        Term m = mapEmpty(h);
        std::vector<Term> history;
        for (int i = 0; i < 2000; ++i) {
            m = mapPut(h, m, key(h, i), Term::makeSmall(i), atoms);
            if (i == 31) CHECK(m.boxKind() == BoxKind::FlatMap);
            if (i == 32) CHECK(m.boxKind() == BoxKind::HashMap);
            if (i % 100 == 0) history.push_back(m);
        }
        CHECK(mapSize(m) == 2000);
        for (int i = 0; i < 2000; ++i) {
            Term v = mapGet(m, key(h, i));
            REQUIRE_FALSE(v.isNonValue());
            CHECK(v.small() == i);
        }
        CHECK(mapGet(m, key(h, 5000)).isNonValue());
        // Older versions are untouched.
        for (size_t j = 0; j < history.size(); ++j)
            CHECK(mapSize(history[j]) == j * 100 + 1);
        // Overwrite keeps size.
        Term m2 = mapPut(h, m, key(h, 7), atoms.intern("seven").value(), atoms);
        CHECK(mapSize(m2) == 2000);
        CHECK(mapGet(m, key(h, 7)).small() == 7);
        // Remove down to 32 -> flat again, same content as a map built directly.
        Term r = m;
        for (int i = 32; i < 2000; ++i) {
            r = mapRemove(h, r, key(h, i), atoms);
            CHECK(mapSize(r) == static_cast<uint64_t>(2000 - (i - 32) - 1));
        }
        CHECK(r.boxKind() == BoxKind::FlatMap);
        std::vector<Term> ks, vs;
        for (int i = 31; i >= 0; --i) {
            ks.push_back(key(h, i));
            vs.push_back(Term::makeSmall(i));
        }
        Term direct = mapNew(h, ks, vs, atoms);
        CHECK(exactEq(r, direct));
        CHECK(compareTerms(r, direct, atoms) == 0);
    }

    TEST_CASE("equality and order do not depend on insertion order or representation") {
        AtomTable atoms;
        Heap h;
        Term a = mapEmpty(h), b = mapEmpty(h);
        for (int i = 0; i < 300; ++i)
            a = mapPut(h, a, key(h, i), Term::makeSmall(i), atoms);
        for (int i = 299; i >= 0; --i)
            b = mapPut(h, b, key(h, i), Term::makeSmall(i), atoms);
        CHECK(exactEq(a, b));
        CHECK(compareTerms(a, b, atoms) == 0);
        CHECK(mapKeyHash(a) == mapKeyHash(b));
        Term c = mapPut(h, b, key(h, 17), Term::makeSmall(18), atoms);
        CHECK_FALSE(exactEq(a, c));
        CHECK(compareTerms(a, c, atoms) < 0); // value 17 < 18 at the same key
        // A map as a key of another map.
        Term outer = mapPut(h, mapEmpty(h), a, Term::makeSmall(1), atoms);
        CHECK(mapGet(outer, b).small() == 1);
    }

    TEST_CASE("from_list keeps the last duplicate and to_list round-trips") {
        AtomTable atoms;
        Heap h;
        Term k = *atoms.intern("k");
        Term pairs = makeList(
            h, {makeTuple(h, {k, Term::makeSmall(1)}), makeTuple(h, {k, Term::makeSmall(2)})});
        Term m = mapFromList(h, pairs, atoms);
        CHECK(mapSize(m) == 1);
        CHECK(mapGet(m, k).small() == 2);
        CHECK(mapFromList(h, makeList(h, {k}), atoms).isNonValue());
        CHECK(mapFromList(h, Term::makeSmall(3), atoms).isNonValue());
        std::vector<Term> ks, vs;
        for (int i = 0; i < 100; ++i) {
            ks.push_back(key(h, i));
            vs.push_back(Term::makeSmall(i));
        }
        // Duplicates across the HAMT path too.
        ks.push_back(key(h, 3));
        vs.push_back(Term::nil());
        Term big = mapNew(h, ks, vs, atoms);
        CHECK(mapSize(big) == 100);
        CHECK(mapGet(big, key(h, 3)).isNil());
        Term list = mapToList(h, big);
        CHECK(listLength(list) == 100);
        CHECK(exactEq(mapFromList(h, list, atoms), big));
    }

    TEST_CASE("large maps iterate in erl's order for keys without atoms") {
        AtomTable atoms;
        Heap h;
        for (const char* hex : kOrderCases) {
            INFO(std::string(hex).substr(0, 60));
            std::vector<uint8_t> bytes = unhex(hex);
            Term m = binaryToTerm(h, bytes.data(), bytes.size(), atoms);
            REQUIRE(m.isMap());
            CHECK(m.boxKind() == BoxKind::HashMap);
            std::vector<uint8_t> again;
            REQUIRE(encodeTerm(m, atoms, again));
            CHECK(again == bytes);
            // Iterator order (fold, printing) is the reverse of list order (to_list, keys).
            std::vector<Term> ks, vs, ls, lv;
            mapCollect(m, ks, vs);
            mapCollect(m, ls, lv, MapOrder::List);
            REQUIRE(ks.size() == ls.size());
            CHECK(ks.front() == ls.back());
            CHECK(exactEq(vs[1], lv[lv.size() - 2]));
            // The same map built in another order iterates the same way.
            Term rebuilt = mapEmpty(h);
            for (size_t i = ks.size(); i-- > 0;)
                rebuilt = mapPut(h, rebuilt, ks[i], vs[i], atoms);
            again.clear();
            REQUIRE(encodeTerm(rebuilt, atoms, again));
            CHECK(again == bytes);
        }
    }

    TEST_CASE("colliding hashes still work with many keys and deep tries") {
        AtomTable atoms;
        Heap h;
        Term m = mapEmpty(h);
        for (int i = 0; i < 50000; ++i)
            m = mapPut(h, m, Term::makeSmall(i * 7919), Term::makeSmall(i), atoms);
        CHECK(mapSize(m) == 50000);
        int found = 0;
        for (int i = 0; i < 50000; ++i)
            found += mapGet(m, Term::makeSmall(i * 7919)).small() == i;
        CHECK(found == 50000);
    }
}
