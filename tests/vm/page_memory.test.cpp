#include "pfun/vm/page_memory.h"

#include <doctest/doctest.h>

#include <cstdint>

using namespace pfun::vm;

TEST_SUITE("page memory") {
    TEST_CASE("a growable array keeps what it was asked to keep, and stops moving once big") {
        GrowableArray<uint64_t> a(16);
        size_t max = size_t(1) << 24; // 128 MiB of address space, committed as used
        for (size_t i = 0; i < 16; ++i)
            a.data()[i] = i;
        size_t kept = 16;
        uint64_t* settled = nullptr;
        size_t moves = 0;
        while (a.capacity() < (size_t(1) << 21)) {
            uint64_t* before = a.data();
            size_t need = a.capacity() + 1;
            size_t fresh = a.grow(need, max, kept);
            REQUIRE(a.capacity() >= need);
            CHECK(fresh <= kept + (a.data() == before ? a.capacity() : 0));
            for (size_t i = 0; i < kept; ++i)
                REQUIRE(a.data()[i] == i);
            for (size_t i = fresh; i < a.capacity(); ++i)
                a.data()[i] = i;
            kept = a.capacity();
            if (a.data() != before) {
                ++moves;
                CHECK(settled == nullptr); // no move after it went in place
            } else if (!settled) {
                settled = a.data();
            }
        }
        CHECK(settled != nullptr);
        CHECK(moves <= 12); // doublings from 16 to kInPlaceBytes, then one move
        // Giving pages back keeps the part below the new capacity.
        a.shrink(1000);
        CHECK(a.capacity() == 1000);
        for (size_t i = 0; i < 1000; ++i)
            REQUIRE(a.data()[i] == i);
        size_t fresh = a.grow(5000, max, 1000);
        CHECK(fresh == 1000);
        CHECK(a.data() == settled);
    }

    TEST_CASE("big arrays are mapped, small ones allocated, both writable to the end") {
        size_t n = 10;
        ArrayPtr<uint64_t> small = allocArray<uint64_t>(n);
        CHECK(n == 10);
        CHECK(small.get_deleter().mappedBytes == 0);
        small[9] = 1;
        n = (kHugePageBytes / sizeof(uint64_t)) + 1;
        ArrayPtr<uint64_t> big = allocArray<uint64_t>(n);
        CHECK(n * sizeof(uint64_t) == 2 * kHugePageBytes); // rounded up to whole huge pages
        CHECK(reinterpret_cast<uintptr_t>(big.get()) % kHugePageBytes == 0);
        big[n - 1] = 7;
        CHECK(big[0] == 0); // fresh pages read as zero
        CHECK(big[n - 1] == 7);
    }
}
