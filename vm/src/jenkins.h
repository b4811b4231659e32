// Bob Jenkins' 32-bit hash primitives, the building blocks of Erlang's term hashes
// (phash2 in hash.cpp, the map-key hash in map_hash.cpp). Both must keep computing
// exactly what erts computes, so these are shared rather than re-derived.
#pragma once

#include <cstdint>

namespace pfun::vm::jenkins {

inline constexpr uint32_t kGolden = 0x9e3779b9u;
// One constant per term kind: the golden ratio times k, modulo 2^32.
constexpr uint32_t golden(uint32_t k) {
    return kGolden * k;
}

// The 96-bit mix.
inline void mix(uint32_t& a, uint32_t& b, uint32_t& c) {
    a -= b;
    a -= c;
    a ^= c >> 13;
    b -= c;
    b -= a;
    b ^= a << 8;
    c -= a;
    c -= b;
    c ^= b >> 13;
    a -= b;
    a -= c;
    a ^= c >> 12;
    b -= c;
    b -= a;
    b ^= a << 16;
    c -= a;
    c -= b;
    c ^= b >> 5;
    a -= b;
    a -= c;
    a ^= c >> 3;
    b -= c;
    b -= a;
    b ^= a << 10;
    c -= a;
    c -= b;
    c ^= b >> 15;
}

// Mixes two 32-bit pieces into running hash `h`, tagged by the kind constant `k`.
inline void hash2(uint32_t& h, uint32_t x, uint32_t y, uint32_t k) {
    uint32_t a = k + x, b = k + y;
    mix(a, b, h);
}
inline void hash1(uint32_t& h, uint32_t x, uint32_t k) {
    hash2(h, x, 0, k);
}

inline uint32_t le32(const uint8_t* p) {
    return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

// The block hash of `n` bytes, seeded with `init`.
inline uint32_t blockHash(const uint8_t* k, uint64_t n, uint32_t init) {
    uint32_t a = kGolden, b = kGolden, c = init;
    uint64_t len = n;
    while (len >= 12) {
        a += le32(k);
        b += le32(k + 4);
        c += le32(k + 8);
        mix(a, b, c);
        k += 12;
        len -= 12;
    }
    c += static_cast<uint32_t>(n);
    // The last 0..11 bytes; the low byte of c is taken by the length.
    switch (len) {
    case 11: c += uint32_t(k[10]) << 24; [[fallthrough]];
    case 10: c += uint32_t(k[9]) << 16; [[fallthrough]];
    case 9: c += uint32_t(k[8]) << 8; [[fallthrough]];
    case 8: b += uint32_t(k[7]) << 24; [[fallthrough]];
    case 7: b += uint32_t(k[6]) << 16; [[fallthrough]];
    case 6: b += uint32_t(k[5]) << 8; [[fallthrough]];
    case 5: b += k[4]; [[fallthrough]];
    case 4: a += uint32_t(k[3]) << 24; [[fallthrough]];
    case 3: a += uint32_t(k[2]) << 16; [[fallthrough]];
    case 2: a += uint32_t(k[1]) << 8; [[fallthrough]];
    case 1: a += k[0]; break;
    default: break;
    }
    mix(a, b, c);
    return c;
}

} // namespace pfun::vm::jenkins
