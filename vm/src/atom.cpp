#include "pfun/vm/atom.h"

#include <cstring>
#include <memory>
#include <vector>

namespace pfun::vm {

namespace {
// Room for 512 names before the first growth: `pfun run` of a small script makes
// about 320 (the predefined atoms and the BIFs' names), and every slot is a word that
// start-up zeroes.
constexpr size_t kInitialSlots = 1024;
} // namespace

AtomTable::AtomTable()
    : slots_(kInitialSlots, 0),
      seed_(0x9E3779B97F4A7C15ull ^ reinterpret_cast<std::uintptr_t>(this)) {
    static constexpr std::string_view kPredefined[] = {
#define PFUN_ATOM(id, text) text,
#include "pfun/vm/atoms.def"
#undef PFUN_ATOM
    };
    for (std::string_view name : kPredefined)
        intern(name);
}

AtomTable::~AtomTable() {
    const size_t n = count_.load(std::memory_order_relaxed);
    for (size_t i = 0; i < n; ++i)
        std::destroy_at(std::launder(chunks_[i >> kChunkBits].load(std::memory_order_relaxed) +
                                     (i & (kChunkSize - 1))));
}

uint64_t AtomTable::hashName(std::string_view name) const {
    // Eight bytes per multiply: atom names are short, and this runs for every name
    // interned at start-up and for every atom a peer or binary_to_term sends.
    uint64_t h = seed_ ^ (name.size() * 0xff51afd7ed558ccdull);
    const char* p = name.data();
    size_t left = name.size();
    for (; left >= 8; p += 8, left -= 8) {
        uint64_t w;
        std::memcpy(&w, p, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
    }
    uint64_t tail = 0;
    std::memcpy(&tail, p, left);
    h = (h ^ tail) * 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 29;
    h *= 0x9E3779B97F4A7C15ull;
    return h ^ (h >> 32);
}

size_t AtomTable::probe(std::string_view name, uint64_t hash) const {
    const size_t mask = slots_.size() - 1;
    const uint64_t tag = hash & 0xFFFFFFFF00000000ull;
    for (size_t i = static_cast<size_t>(hash) & mask;; i = (i + 1) & mask) {
        const uint64_t slot = slots_[i];
        if (slot == 0) return i;
        if ((slot & 0xFFFFFFFF00000000ull) == tag &&
            nameOf(static_cast<uint32_t>(slot) - 1) == name)
            return i;
    }
}

void AtomTable::grow() {
    std::vector<uint64_t> old(slots_.size() * 2, 0);
    old.swap(slots_);
    const size_t mask = slots_.size() - 1;
    for (uint64_t slot : old) {
        if (slot == 0) continue;
        const uint64_t hash = hashName(nameOf(static_cast<uint32_t>(slot) - 1));
        size_t i = static_cast<size_t>(hash) & mask;
        while (slots_[i] != 0)
            i = (i + 1) & mask;
        slots_[i] = slot;
    }
}

std::optional<Term> AtomTable::find(std::string_view name) const {
    const uint64_t hash = hashName(name);
    std::lock_guard lock(mutex_);
    const uint64_t slot = slots_[probe(name, hash)];
    if (slot == 0) return std::nullopt;
    return Term::makeAtom(static_cast<uint32_t>(slot) - 1);
}

std::optional<Term> AtomTable::intern(std::string_view name) {
    if (name.size() > kMaxAtomLength * 4) return std::nullopt; // 255 chars of UTF-8 at most
    const uint64_t hash = hashName(name);
    std::lock_guard lock(mutex_);
    size_t at = probe(name, hash);
    if (slots_[at] != 0) return Term::makeAtom(static_cast<uint32_t>(slots_[at]) - 1);
    const size_t index = count_.load(std::memory_order_relaxed);
    const size_t chunk = index >> kChunkBits;
    if (chunk >= kMaxChunks) return std::nullopt;
    std::string* names = chunks_[chunk].load(std::memory_order_relaxed);
    if (!names) {
        owned_.push_back(std::make_unique_for_overwrite<Chunk>());
        names = reinterpret_cast<std::string*>(owned_.back()->bytes);
        chunks_[chunk].store(names, std::memory_order_release);
    }
    // Constructed before count_ publishes it, so readers only ever see built names.
    std::construct_at(names + (index & (kChunkSize - 1)), name);
    count_.store(index + 1, std::memory_order_release);
    if ((index + 1) * 2 > slots_.size()) {
        grow();
        at = probe(name, hash);
    }
    slots_[at] = (hash & 0xFFFFFFFF00000000ull) | (index + 1);
    return Term::makeAtom(static_cast<uint32_t>(index));
}

} // namespace pfun::vm
