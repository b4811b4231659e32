#include "md5.h"

#include <cmath>
#include <cstring>

namespace pfun::stdlib::detail {

namespace {

// Per-step left rotations, four per round (RFC 1321, section 3.4).
constexpr uint8_t kShift[4][4] = {
    {7, 12, 17, 22}, {5, 9, 14, 20}, {4, 11, 16, 23}, {6, 10, 15, 21}};

inline uint32_t rotl(uint32_t x, unsigned n) {
    return (x << n) | (x >> (32 - n));
}

inline uint32_t loadLe(const uint8_t* p) {
    return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

// The sine table T[i] = floor(2^32 * |sin(i + 1)|); doubles give every entry exactly.
struct SineTable {
    uint32_t t[64];
    SineTable() {
        for (int i = 0; i < 64; ++i)
            t[i] = uint32_t(std::floor(std::fabs(std::sin(double(i + 1))) * 4294967296.0));
    }
};

void block(uint32_t state[4], const uint8_t* chunk, const uint32_t* sine) {
    uint32_t m[16];
    for (int i = 0; i < 16; ++i)
        m[i] = loadLe(chunk + 4 * i);
    uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
    for (int i = 0; i < 64; ++i) {
        uint32_t f;
        int g;
        switch (i / 16) {
        case 0:
            f = (b & c) | (~b & d);
            g = i;
            break;
        case 1:
            f = (d & b) | (~d & c);
            g = (5 * i + 1) % 16;
            break;
        case 2:
            f = b ^ c ^ d;
            g = (3 * i + 5) % 16;
            break;
        default:
            f = c ^ (b | ~d);
            g = (7 * i) % 16;
            break;
        }
        uint32_t sum = f + a + sine[i] + m[g];
        a = d;
        d = c;
        c = b;
        b = b + rotl(sum, kShift[i / 16][i % 4]);
    }
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
}

} // namespace

std::array<uint8_t, 16> md5Digest(std::string_view bytes) {
    static const SineTable kSine; // immutable once built
    uint32_t state[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
    const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
    size_t n = bytes.size();
    size_t whole = n / 64 * 64;
    for (size_t off = 0; off < whole; off += 64)
        block(state, data + off, kSine.t);
    // Padding: 0x80, zeros up to 56 mod 64, then the bit length (little-endian).
    uint8_t tail[128] = {};
    size_t rest = n - whole;
    if (rest) std::memcpy(tail, data + whole, rest);
    tail[rest] = 0x80;
    size_t tailLen = rest < 56 ? 64 : 128;
    uint64_t bits = uint64_t(n) * 8;
    for (int i = 0; i < 8; ++i)
        tail[tailLen - 8 + i] = uint8_t(bits >> (8 * i));
    for (size_t off = 0; off < tailLen; off += 64)
        block(state, tail + off, kSine.t);
    std::array<uint8_t, 16> out{};
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j)
            out[4 * i + j] = uint8_t(state[i] >> (8 * j));
    return out;
}

} // namespace pfun::stdlib::detail
