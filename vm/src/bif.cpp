#include "pfun/vm/bif.h"

namespace pfun::vm {

namespace {
// Room for the built-in set (about 330 BIFs with a node's) at under a third full.
constexpr size_t kInitialSlots = 1024;
} // namespace

BifTable::BifTable() : slots_(kInitialSlots, 0) {}

uint64_t BifTable::hash(Term module, Term name, uint32_t arity) {
    uint64_t h = (uint64_t(module.atomIndex()) << 40) ^ (uint64_t(name.atomIndex()) << 8) ^ arity;
    h *= 0x9E3779B97F4A7C15ull;
    return h ^ (h >> 29);
}

size_t BifTable::probe(Term module, Term name, uint32_t arity) const {
    const size_t mask = slots_.size() - 1;
    for (size_t i = static_cast<size_t>(hash(module, name, arity)) & mask;; i = (i + 1) & mask) {
        const uint32_t slot = slots_[i];
        if (slot == 0) return i;
        const BifEntry& e = entry(slot - 1);
        if (e.name == name && e.module == module && e.arity == arity) return i;
    }
}

void BifTable::grow() {
    std::vector<uint32_t> old(slots_.size() * 2, 0);
    old.swap(slots_);
    for (uint32_t slot : old) {
        if (slot == 0) continue;
        const BifEntry& e = entry(slot - 1);
        slots_[probe(e.module, e.name, e.arity)] = slot;
    }
}

void BifTable::add(Term module, Term name, uint32_t arity, BifFn fn, bool guardSafe) {
    size_t at = probe(module, name, arity);
    if (slots_[at] != 0) {
        // A later registration replaces an earlier one (a host overriding a BIF), in
        // place, so call targets already linked to it follow.
        BifEntry& e = entry(slots_[at] - 1);
        e.fn = fn;
        e.guardSafe = guardSafe;
        return;
    }
    if ((count_ >> kChunkBits) == chunks_.size())
        chunks_.push_back(std::make_unique_for_overwrite<BifEntry[]>(kChunkSize));
    entry(count_) = {module, name, arity, fn, guardSafe};
    ++count_;
    if (count_ * 2 > slots_.size()) {
        grow();
        at = probe(module, name, arity);
    }
    slots_[at] = static_cast<uint32_t>(count_);
}

const BifEntry* BifTable::find(Term module, Term name, uint32_t arity) const {
    const uint32_t slot = slots_[probe(module, name, arity)];
    return slot == 0 ? nullptr : &entry(slot - 1);
}

} // namespace pfun::vm
