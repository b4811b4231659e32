#include "pfun/vm/bif.h"

namespace pfun::vm {

void BifTable::add(Term module, Term name, uint32_t arity, BifFn fn, bool guardSafe) {
    if (const BifEntry* e = find(module, name, arity)) {
        // A later registration replaces an earlier one (a host overriding a BIF).
        BifEntry& slot = entries_[static_cast<size_t>(e - entries_.data())];
        slot.fn = fn;
        slot.guardSafe = guardSafe;
        return;
    }
    entries_.push_back({module, name, arity, fn, guardSafe});
    index_[key(module, name, arity)].push_back(entries_.size() - 1);
}

const BifEntry* BifTable::find(Term module, Term name, uint32_t arity) const {
    auto it = index_.find(key(module, name, arity));
    if (it == index_.end()) return nullptr;
    for (size_t i : it->second) {
        const BifEntry& e = entries_[i];
        if (e.module == module && e.name == name && e.arity == arity) return &e;
    }
    return nullptr;
}

} // namespace pfun::vm
