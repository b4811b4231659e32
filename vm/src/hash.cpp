#include "pfun/vm/hash.h"

#include "jenkins.h"
#include "pfun/vm/binary.h"
#include "pfun/vm/code.h"
#include "pfun/vm/map.h"
#include "work_stack.h"

#include <bit>
#include <cstring>
#include <vector>

namespace pfun::vm {

namespace {

using jenkins::blockHash;
using jenkins::golden;
using jenkins::hash1;
using jenkins::hash2;
constexpr uint32_t kGolden = jenkins::kGolden;
constexpr uint32_t kIntConst = golden(1);
constexpr uint32_t kNilConst = golden(2);
constexpr uint32_t kAtomConst = golden(3);
constexpr uint32_t kStringConst = golden(4);
constexpr uint32_t kPidConst = golden(5);
constexpr uint32_t kRefConst = golden(7);
constexpr uint32_t kTupleConst = golden(9);
constexpr uint32_t kNegBigConst = golden(10);
constexpr uint32_t kPosBigConst = golden(11);
constexpr uint32_t kFloatConst = golden(12);
constexpr uint32_t kBinaryConst = golden(13);
constexpr uint32_t kExportConst = golden(14);
constexpr uint32_t kTailBitsConst = golden(15);
constexpr uint32_t kMapSizeConst = golden(16);
constexpr uint32_t kMapPairsConst = golden(19);
// The hash of [] at the start of a term (a precomputed mix).
constexpr uint32_t kNilFirst = 3468870702u;
// Erlang's internal code for nil in the mix.
constexpr uint32_t kNilCode = 0x2;

// Integers: values of 28 bits hash as a signed 32-bit number (negative ones mixed
// twice, as erts does); larger ones as 32-bit halves of their magnitude's digits, so a
// number hashes the same whether a VM holds it as a small or a bignum.
void hashInt64(uint32_t& h, int64_t v) {
    if (v >= -(int64_t(1) << 27) && v < (int64_t(1) << 27)) {
        auto y = static_cast<int32_t>(v);
        if (y < 0) hash1(h, static_cast<uint32_t>(-y), kIntConst);
        hash1(h, static_cast<uint32_t>(y), kIntConst);
        return;
    }
    uint64_t mag = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
    hash2(h, static_cast<uint32_t>(mag), static_cast<uint32_t>(mag >> 32),
          v < 0 ? kNegBigConst : kPosBigConst);
}

struct Item {
    enum Kind : uint8_t { Value, MapPair, MapTail } kind;
    Term term;
    uint32_t savedHash = 0, savedPairs = 0;
};

} // namespace

uint32_t atomNameHash(Term atom, const AtomTable& atoms) {
    const std::string& name = atoms.name(atom);
    uint32_t h = 0;
    size_t n = name.size();
    for (size_t i = 0; i < n; ++i) {
        auto v = static_cast<uint8_t>(name[i]);
        // A Latin-1 character written as two UTF-8 bytes hashes as its one byte.
        if (i + 1 < n && (v & 0xFE) == 0xC2 && (static_cast<uint8_t>(name[i + 1]) & 0xC0) == 0x80) {
            v = static_cast<uint8_t>((v << 6) | (static_cast<uint8_t>(name[i + 1]) & 0x3F));
            ++i;
        }
        h = (h << 4) + v;
        if (uint32_t g = h & 0xf0000000u) {
            h ^= g >> 24;
            h ^= g;
        }
    }
    return h;
}

uint32_t phash2Full(Term root, const AtomTable& atoms) {
    // Immediates at the top level take a shortcut (an atom's raw name hash).
    if (root.isAtom()) return atomNameHash(root, atoms);
    uint32_t hash = 0;
    uint32_t pairs = 0; // xor of the entry hashes of the map being hashed
    WorkStack<Item, 32> stack;
    stack.push({Item::Value, root});
    std::vector<Term> keys, values;
    while (!stack.empty()) {
        Item it = stack.pop();
        if (it.kind == Item::MapPair) {
            pairs ^= hash;
            hash = 0;
            continue;
        }
        if (it.kind == Item::MapTail) {
            hash = it.savedHash;
            hash1(hash, pairs, kMapPairsConst);
            pairs = it.savedPairs;
            continue;
        }
        Term t = it.term;
        if (t.isSmall()) {
            hashInt64(hash, t.small());
        } else if (t.isAtom()) {
            if (hash == 0)
                hash = atomNameHash(t, atoms);
            else
                hash1(hash, atomNameHash(t, atoms), kAtomConst);
        } else if (t.isNil()) {
            if (hash == 0)
                hash = kNilFirst;
            else
                hash1(hash, kNilCode, kNilConst);
        } else if (t.isLocalPid()) {
            hash1(hash, static_cast<uint32_t>(t.pidNumber() & 0x7fff), kPidConst);
        } else if (t.isList()) {
            // Runs of byte-sized heads pack four to a mix.
            uint32_t packed = 0;
            int count = 0;
            Term x = t;
            while (x.isList()) {
                Term head = x.head();
                if (!head.isSmall() || head.small() < 0 || head.small() > 255) break;
                packed = (packed << 8) + static_cast<uint32_t>(head.small());
                if (count == 3) {
                    hash1(hash, packed, kStringConst);
                    count = 0;
                    packed = 0;
                } else {
                    ++count;
                }
                x = x.tail();
            }
            if (count > 0) hash1(hash, packed, kStringConst);
            if (x.isList()) {
                stack.push({Item::Value, x.tail()});
                stack.push({Item::Value, x.head()});
            } else {
                stack.push({Item::Value, x}); // the tail
            }
        } else if (t.isBoxed()) {
            const Term* p = t.boxedPtr();
            uint64_t n = p[0].headerArity();
            switch (p[0].headerKind()) {
            case BoxKind::Tuple:
                hash1(hash, static_cast<uint32_t>(n), kTupleConst);
                for (uint64_t i = n; i >= 1; --i)
                    stack.push({Item::Value, p[i]});
                break;
            case BoxKind::PosBig:
            case BoxKind::NegBig: {
                uint32_t k = p[0].headerKind() == BoxKind::NegBig ? kNegBigConst : kPosBigConst;
                for (uint64_t i = 1; i <= n; ++i) {
                    uint64_t d = p[i].raw();
                    hash2(hash, static_cast<uint32_t>(d), static_cast<uint32_t>(d >> 32), k);
                }
                break;
            }
            case BoxKind::Float: {
                double d = t.floatValue();
                if (d == 0.0) d = 0.0; // -0.0 hashes as 0.0
                uint64_t bits = std::bit_cast<uint64_t>(d);
                hash2(hash, static_cast<uint32_t>(bits >> 32), static_cast<uint32_t>(bits),
                      kFloatConst);
                break;
            }
            case BoxKind::HeapBin:
            case BoxKind::RefcBin:
            case BoxKind::SubBin: {
                BinaryView v = binaryView(t);
                uint32_t seed = kBinaryConst + hash;
                uint64_t bytes = v.bitSize / 8;
                unsigned tail = static_cast<unsigned>(v.bitSize % 8);
                if (v.bitSize == 0) {
                    hash = seed;
                    break;
                }
                const uint8_t* data = v.data;
                std::vector<uint8_t> aligned;
                if (v.bitOffset != 0) {
                    aligned.assign(bytes + (tail != 0), 0);
                    copyBits(aligned.data(), 0, v.data, v.bitOffset, v.bitSize);
                    data = aligned.data();
                }
                // Binaries over 4 GB hash their first 2^32 bytes mod 2^32, like erl.
                hash = blockHash(data, bytes & 0xFFFFFFFFu, seed);
                if (tail)
                    hash2(hash, tail, static_cast<uint32_t>(data[bytes] >> (8 - tail)),
                          kTailBitsConst);
                break;
            }
            case BoxKind::FlatMap:
            case BoxKind::HashMap: {
                keys.clear();
                values.clear();
                mapCollect(t, keys, values);
                hash1(hash, static_cast<uint32_t>(keys.size()), kMapSizeConst);
                if (keys.empty()) break;
                stack.push({Item::MapTail, Term::nil(), hash, pairs});
                hash = 0;
                pairs = 0;
                for (size_t i = keys.size(); i-- > 0;) {
                    stack.push({Item::MapPair, Term::nil()});
                    stack.push({Item::Value, values[i]});
                    stack.push({Item::Value, keys[i]});
                }
                break;
            }
            case BoxKind::Export:
                hash2(hash, static_cast<uint32_t>(p[3].small()), atomNameHash(p[1], atoms),
                      kGolden);
                hash1(hash, atomNameHash(p[2], atoms), kExportConst);
                break;
            case BoxKind::Fun: {
                auto* entry = reinterpret_cast<const FunEntry*>(p[1].raw());
                uint64_t numFree = n - 1;
                uint32_t moduleHash = entry ? atomNameHash(entry->module, atoms) : 0;
                hash2(hash, static_cast<uint32_t>(numFree), moduleHash, kGolden);
                hash2(hash, entry ? entry->index : 0, entry ? entry->uniq : 0, kGolden);
                for (uint64_t i = n; i >= 2; --i)
                    stack.push({Item::Value, p[i]});
                break;
            }
            case BoxKind::Ref: hash1(hash, static_cast<uint32_t>(p[1].raw()), kRefConst); break;
            case BoxKind::ExtPid:
                hash1(hash, static_cast<uint32_t>(p[2].raw() & 0x7fff), kPidConst);
                break;
            case BoxKind::Count: break;
            }
        }
    }
    return hash;
}

} // namespace pfun::vm
