#include "pfun/vm/atom.h"

#include <memory>
#include <vector>

namespace pfun::vm {

AtomTable::AtomTable() {
    static constexpr const char* kPredefined[] = {
#define PFUN_ATOM(id, text) text,
#include "pfun/vm/atoms.def"
#undef PFUN_ATOM
    };
    byName_.reserve(1024); // the predefined atoms and those of the BIFs and stdlib
    for (const char* name : kPredefined)
        intern(name);
}

AtomTable::~AtomTable() {
    const size_t n = count_.load(std::memory_order_relaxed);
    for (size_t i = 0; i < n; ++i)
        std::destroy_at(std::launder(chunks_[i >> kChunkBits].load(std::memory_order_relaxed) +
                                     (i & (kChunkSize - 1))));
}

std::optional<Term> AtomTable::find(std::string_view name) const {
    std::lock_guard lock(mutex_);
    auto it = byName_.find(name);
    if (it == byName_.end()) return std::nullopt;
    return Term::makeAtom(it->second);
}

std::optional<Term> AtomTable::intern(std::string_view name) {
    if (name.size() > kMaxAtomLength * 4) return std::nullopt; // 255 chars of UTF-8 at most
    std::lock_guard lock(mutex_);
    if (auto it = byName_.find(name); it != byName_.end()) return Term::makeAtom(it->second);
    size_t index = count_.load(std::memory_order_relaxed);
    size_t chunk = index >> kChunkBits;
    if (chunk >= kMaxChunks) return std::nullopt;
    std::string* slots = chunks_[chunk].load(std::memory_order_relaxed);
    if (!slots) {
        owned_.push_back(std::make_unique_for_overwrite<Chunk>());
        slots = reinterpret_cast<std::string*>(owned_.back()->bytes);
        chunks_[chunk].store(slots, std::memory_order_release);
    }
    // Constructed before count_ publishes it, so readers only ever see built names.
    const std::string* slot = std::construct_at(slots + (index & (kChunkSize - 1)), name);
    byName_.emplace(std::string_view(*slot), static_cast<uint32_t>(index));
    count_.store(index + 1, std::memory_order_release);
    return Term::makeAtom(static_cast<uint32_t>(index));
}

} // namespace pfun::vm
