// The hash that places keys in a large map's trie (map.h: mapKeyHash).
//
// It follows erts' internal term hash (OTP 25, the variant built without CRC32
// instructions, which is what Debian ships), because the order in which erl lists the
// entries of a map above 32 keys (maps:to_list, maps:keys, printing) is the order of
// that hash's 4-bit chunks, low chunk first. Computing the same hash makes our trie
// iterate in erl's order for keys built of integers, floats, strings, lists, tuples,
// binaries and small maps. Immediates hash by their BEAM word, which for atoms and pids
// is an index private to the node: those keys hash by our own words instead (still
// consistent, but ordered differently from erl).
#include "jenkins.h"
#include "pfun/vm/binary.h"
#include "pfun/vm/map.h"
#include "work_stack.h"

#include <bit>
#include <vector>

namespace pfun::vm {

namespace {

using jenkins::golden;
using jenkins::hash1;
using jenkins::hash2;

constexpr uint32_t kSaltBase = 3432918353u; // a 32-bit prime, so maps and phash2 differ
constexpr uint32_t kImmediateConst = golden(1);
constexpr uint32_t kStringConst = golden(4);
constexpr uint32_t kTupleConst = golden(9);
constexpr uint32_t kNegBigConst = golden(10);
constexpr uint32_t kPosBigConst = golden(11);
constexpr uint32_t kFloatConst = golden(12);
constexpr uint32_t kBinaryConst = golden(13);
constexpr uint32_t kTailBitsConst = golden(15);
constexpr uint32_t kMapSizeConst = golden(16);
constexpr uint32_t kConsHeadConst = golden(17);
constexpr uint32_t kConsTailConst = golden(18);
constexpr uint32_t kFunConst = golden(20);
constexpr uint32_t kStringTailConst = golden(22);

// BEAM's words for the immediates it shares with us (64-bit layout).
constexpr uint64_t kBeamNil = 0x3B;
constexpr int64_t kBeamSmallLimit = int64_t(1) << 59; // BEAM smalls are 60-bit

inline void constHash(uint32_t& h, uint32_t k) {
    h ^= k;
    h = std::rotl(h, 17);
}

inline void wordHash(uint32_t& h, uint64_t w) {
    hash2(h, static_cast<uint32_t>(w), static_cast<uint32_t>(w >> 32), kImmediateConst);
}

void magnitudeHash(uint32_t& h, uint64_t mag, bool negative) {
    hash2(h, static_cast<uint32_t>(mag), static_cast<uint32_t>(mag >> 32),
          negative ? kNegBigConst : kPosBigConst);
}

// An immediate term as erts would hash its word.
void immediateHash(uint32_t& h, Term t) {
    if (t.isSmall()) {
        int64_t v = t.small();
        if (v >= -kBeamSmallLimit && v < kBeamSmallLimit) {
            wordHash(h, (static_cast<uint64_t>(v) << 4) | 0xF);
        } else { // a bignum in BEAM
            uint64_t mag = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
            magnitudeHash(h, mag, v < 0);
        }
    } else if (t.isNil()) {
        wordHash(h, kBeamNil);
    } else {
        wordHash(h, t.raw()); // atoms, pids: our own identity
    }
}

bool isByte(Term t) {
    return t.isSmall() && t.small() >= 0 && t.small() <= 255;
}

} // namespace

uint32_t mapKeyHash(Term key, uint32_t salt) {
    uint32_t h = salt ^ kSaltBase;
    if (!key.isList() && !key.isBoxed()) {
        immediateHash(h, key);
        return h;
    }
    // Stack entries: a term, or the marker "the cons tail comes next" (nonValue).
    WorkStack<Term, 32> stack;
    std::vector<Term> keys, values;
    Term t = key;
    while (true) {
        bool next = true; // pop the next item after this one
        if (t.isList()) {
            uint32_t packed = 0;
            uint32_t count = 0;
            while (isByte(t.head())) {
                packed = (packed << 8) + static_cast<uint32_t>(t.head().small());
                if (count == 3) {
                    hash1(h, packed, kStringConst);
                    count = 0;
                    packed = 0;
                } else {
                    ++count;
                }
                t = t.tail();
                if (!t.isList()) break;
            }
            if (count > 0) hash2(h, packed, count, kStringTailConst);
            if (t.isList()) {
                Term tail = t.tail();
                constHash(h, kConsHeadConst);
                stack.push(tail);
                if (!tail.isList()) stack.push(Term::nonValue());
                t = t.head();
            }
            next = false; // continue with the head, or with the non-list tail
        } else if (!t.isBoxed()) {
            if (t.isNonValue()) {
                constHash(h, kConsTailConst);
            } else {
                immediateHash(h, t);
            }
        } else {
            const Term* p = t.boxedPtr();
            uint64_t n = p[0].headerArity();
            switch (p[0].headerKind()) {
            case BoxKind::Tuple:
                hash1(h, static_cast<uint32_t>(n), kTupleConst);
                if (n > 0) {
                    for (uint64_t i = n; i >= 2; --i)
                        stack.push(p[i]);
                    t = p[1];
                    next = false;
                }
                break;
            case BoxKind::PosBig:
            case BoxKind::NegBig:
                for (uint64_t i = 1; i <= n; ++i)
                    magnitudeHash(h, p[i].raw(), p[0].headerKind() == BoxKind::NegBig);
                break;
            case BoxKind::Float: {
                double d = t.floatValue();
                if (d == 0.0) d = 0.0;
                uint64_t bits = std::bit_cast<uint64_t>(d);
                hash2(h, static_cast<uint32_t>(bits), static_cast<uint32_t>(bits >> 32),
                      kFloatConst);
                break;
            }
            case BoxKind::HeapBin:
            case BoxKind::RefcBin:
            case BoxKind::SubBin: {
                BinaryView v = binaryView(t);
                uint32_t seed = kBinaryConst + h;
                uint64_t bytes = v.bitSize / 8;
                auto tail = static_cast<unsigned>(v.bitSize % 8);
                if (v.bitSize == 0) {
                    h = seed;
                    break;
                }
                const uint8_t* data = v.data;
                std::vector<uint8_t> aligned;
                if (v.bitOffset != 0) {
                    aligned.assign(bytes + (tail != 0), 0);
                    copyBits(aligned.data(), 0, v.data, v.bitOffset, v.bitSize);
                    data = aligned.data();
                }
                h = jenkins::blockHash(data, bytes, seed);
                if (tail)
                    hash2(h, tail, static_cast<uint32_t>(data[bytes] >> (8 - tail)),
                          kTailBitsConst);
                break;
            }
            case BoxKind::FlatMap:
                hash1(h, static_cast<uint32_t>(n - 1), kMapSizeConst);
                // Keys and values in key order: k1, v1, k2, v2, ...
                for (uint64_t i = n - 1; i-- > 0;) {
                    stack.push(p[2 + i]);
                    stack.push(p[1].element(i));
                }
                break;
            case BoxKind::HashMap: {
                // erl hashes its own trie nodes here; we combine the entries
                // commutatively so equal maps hash equal whatever their history.
                keys.clear();
                values.clear();
                mapCollect(t, keys, values);
                hash1(h, static_cast<uint32_t>(keys.size()), kMapSizeConst);
                uint32_t sum = 0;
                for (size_t i = 0; i < keys.size(); ++i)
                    sum += mapKeyHash(keys[i], salt) * 31 + mapKeyHash(values[i], salt);
                hash1(h, sum, kMapSizeConst);
                break;
            }
            case BoxKind::Fun:
                hash2(h, static_cast<uint32_t>(n - 1), static_cast<uint32_t>(p[1].raw()),
                      kFunConst);
                hash2(h, static_cast<uint32_t>(p[1].raw() >> 32), 0, kFunConst);
                for (uint64_t i = n; i >= 2; --i)
                    stack.push(p[i]);
                break;
            default: // Export, Ref, ExtPid: their words
                for (uint64_t i = 1; i <= n; ++i)
                    wordHash(h, p[i].raw());
                break;
            }
        }
        if (next) {
            if (stack.empty()) return h;
            t = stack.pop();
        }
    }
}

} // namespace pfun::vm
