// The isa_version field of a `.pfb` image or a code object, read and patched in
// place: both are a 16-byte prefix then a FlatBuffer whose root table (Module,
// CodeObject) has isa_version as its field 0 (docs/internals/pfb.md, code-store.md).
// Found through the FlatBuffer's vtable, so tests can check what writers record and
// make files that claim another version.
#pragma once

#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>
#include <vector>

namespace pfun::loader::testing {

inline size_t isaVersionAt(const std::vector<uint8_t>& b) {
    auto read = [&](size_t at, auto v) {
        REQUIRE(at + sizeof(v) <= b.size());
        std::memcpy(&v, &b[at], sizeof(v));
        return v;
    };
    const size_t table = 16 + read(16, uint32_t(0));
    const size_t vtable = size_t(int64_t(table) - read(table, int32_t(0)));
    const uint16_t field = read(vtable + 4, uint16_t(0));
    REQUIRE(field != 0);
    return table + field;
}

inline uint32_t isaVersionOf(const std::vector<uint8_t>& b) {
    uint32_t v = 0;
    std::memcpy(&v, &b[isaVersionAt(b)], 4);
    return v;
}

inline void setIsaVersion(std::vector<uint8_t>& b, uint32_t v) {
    std::memcpy(&b[isaVersionAt(b)], &v, 4);
}

} // namespace pfun::loader::testing
