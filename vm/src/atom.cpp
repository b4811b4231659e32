#include "pfun/vm/atom.h"

#include <vector>

namespace pfun::vm {

AtomTable::AtomTable() {
    static constexpr const char* kPredefined[] = {
#define PFUN_ATOM(id, text) text,
#include "pfun/vm/atoms.def"
#undef PFUN_ATOM
    };
    for (const char* name : kPredefined) intern(name);
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
        owned_.push_back(std::make_unique<std::string[]>(kChunkSize));
        slots = owned_.back().get();
        chunks_[chunk].store(slots, std::memory_order_release);
    }
    std::string& slot = slots[index & (kChunkSize - 1)];
    slot.assign(name);
    byName_.emplace(std::string_view(slot), static_cast<uint32_t>(index));
    count_.store(index + 1, std::memory_order_release);
    return Term::makeAtom(static_cast<uint32_t>(index));
}

} // namespace pfun::vm
