// The spawner's cache of encoded closures: the same objects as encodeClosure, handed
// out again only for the same root hashed in the same HashSet, and bounded.
#include "code_support.h"

#include "pfun/loader/closure_cache.h"

#include <doctest/doctest.h>

using namespace pfun;
using namespace pfun::loader::testing;

namespace {

std::shared_ptr<const loader::HashSet> hashed(Origin& o) {
    std::vector<const vm::ModuleCode*> mods;
    for (const auto& c : o.code)
        mods.push_back(c.get());
    auto set = std::make_shared<loader::HashSet>();
    std::string error;
    REQUIRE_MESSAGE(loader::hashModules(mods, o.host.rt->atoms(), ambientModules(), *set, &error),
                    error);
    return set;
}

void sameObjects(const std::vector<loader::EncodedObject>& a,
                 const std::vector<loader::EncodedObject>& b) {
    REQUIRE(a.size() == b.size());
    for (size_t i = 0; i < a.size(); ++i) {
        CHECK(a[i].hash == b[i].hash);
        CHECK(a[i].members == b[i].members);
        CHECK(a[i].bytes == b[i].bytes);
    }
}

} // namespace

TEST_SUITE("closure_cache") {
    TEST_CASE("a root encoded again with the same hashes comes from the cache, unchanged") {
        Origin o({std::string(kMath)});
        auto set = hashed(o);
        const vm::FunctionCode* root = o.function("cpx_math:use_adder/2");
        auto expected = loader::encodeClosure(*set, o.host.rt->atoms(), root);
        REQUIRE(expected.size() == 4);
        loader::ClosureCache cache;
        std::string error;
        sameObjects(cache.encode(set, o.host.rt->atoms(), root, &error), expected);
        CHECK(cache.counters().misses == 1);
        CHECK(cache.counters().hits == 0);
        sameObjects(cache.encode(set, o.host.rt->atoms(), root, &error), expected);
        CHECK(cache.counters().hits == 1);
        CHECK(cache.counters().entries == 1);
        // Another root is encoded, not mixed up with the first.
        const vm::FunctionCode* fac = o.function("cpx_math:fac/1");
        sameObjects(cache.encode(set, o.host.rt->atoms(), fac, &error),
                    loader::encodeClosure(*set, o.host.rt->atoms(), fac));
        CHECK(cache.counters().misses == 2);
        CHECK(cache.counters().entries == 2);
    }

    TEST_CASE("another HashSet (other module versions) is encoded again") {
        Origin o({std::string(kMath)});
        auto first = hashed(o), second = hashed(o);
        const vm::FunctionCode* root = o.function("cpx_math:use_adder/2");
        loader::ClosureCache cache;
        cache.encode(first, o.host.rt->atoms(), root);
        cache.encode(second, o.host.rt->atoms(), root);
        CHECK(cache.counters().misses == 2);
        CHECK(cache.counters().hits == 0);
        CHECK(cache.counters().entries == 1); // the second replaced the first
        cache.encode(second, o.host.rt->atoms(), root);
        CHECK(cache.counters().hits == 1);
    }

    TEST_CASE("a failed encoding is reported and not kept") {
        Origin o({std::string(kMath)});
        auto set = hashed(o);
        Origin other({std::string(kMath)}); // a function this set did not hash
        loader::ClosureCache cache;
        std::string error;
        CHECK(cache.encode(set, o.host.rt->atoms(), other.function("cpx_math:fac/1"), &error)
                  .empty());
        CHECK(!error.empty());
        CHECK(cache.counters().entries == 0);
        error.clear();
        CHECK(cache.encode(nullptr, o.host.rt->atoms(), o.function("cpx_math:fac/1"), &error)
                  .empty());
        CHECK(!error.empty());
    }

    TEST_CASE("the bytes kept are bounded") {
        Origin o({std::string(kMath)});
        auto set = hashed(o);
        const vm::FunctionCode* big = o.function("cpx_math:use_adder/2");
        const vm::FunctionCode* small = o.function("cpx_math:fac/1");
        size_t bigBytes = 0;
        {
            loader::ClosureCache probe;
            probe.encode(set, o.host.rt->atoms(), big);
            bigBytes = probe.counters().bytes;
        }
        REQUIRE(bigBytes > 0);
        // Room for the big closure only: the small one empties the cache first.
        loader::ClosureCache cache(bigBytes);
        cache.encode(set, o.host.rt->atoms(), big);
        CHECK(cache.counters().entries == 1);
        cache.encode(set, o.host.rt->atoms(), small);
        CHECK(cache.counters().entries == 1);
        CHECK(cache.counters().bytes <= bigBytes);
        cache.encode(set, o.host.rt->atoms(), big);
        CHECK(cache.counters().hits == 0); // it was dropped
        // Larger than the bound: returned, never kept.
        loader::ClosureCache tiny(16);
        sameObjects(tiny.encode(set, o.host.rt->atoms(), big),
                    loader::encodeClosure(*set, o.host.rt->atoms(), big));
        CHECK(tiny.counters().entries == 0);
    }
}
