// Encoded closures kept by root, on the node that spawns them.
//
// A spawn encodes the closure of its root (encodeClosure: one code object per group,
// callees first) before the policy decides what goes: eagerly every object the peer
// lacks, lazily a few, but the whole closure is encoded in both modes to check its
// size. Encoding is a good part of what a cold spawn costs the spawner, and the same
// root is typically spawned again: on another peer, lazily again, after a peer
// restarted. So the objects are kept per root function and handed out again.
//
// Invariants:
//  - an entry is used only for the same root function hashed in the same HashSet
//    (the same module versions, held by the entry so the pointer cannot be reused);
//    module code is never freed, so a root pointer names one function for the
//    runtime's life, and the objects are exactly what encodeClosure would return;
//  - failed encodings are not kept;
//  - the bytes kept are bounded: a closure that would take the cache over its bound
//    empties it first (spawned closures are few and small; a simple bound beats
//    bookkeeping), and one larger than the bound is never kept.
// Thread-safe (spawns run on any scheduler thread); encoding runs outside the lock.
#pragma once

#include "pfun/loader/code_object.h"
#include "pfun/loader/hash.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace pfun::loader {

class ClosureCache {
  public:
    static constexpr size_t kDefaultMaxBytes = size_t(16) << 20;

    explicit ClosureCache(size_t maxBytes = kDefaultMaxBytes) : maxBytes_(maxBytes) {}

    // encodeClosure(*set, atoms, root, error): from the cache when `root` was encoded
    // with this same `set` before, else encoded now (and kept when it succeeds).
    std::vector<EncodedObject> encode(const std::shared_ptr<const HashSet>& set,
                                      const vm::AtomTable& atoms, const vm::FunctionCode* root,
                                      std::string* error = nullptr);

    struct Counters {
        uint64_t hits = 0, misses = 0; // encode() answered from the cache, or encoding
        uint64_t entries = 0, bytes = 0;
    };
    Counters counters() const;

  private:
    struct Entry {
        std::shared_ptr<const HashSet> set;
        std::vector<EncodedObject> objects;
        size_t bytes = 0;
    };

    const size_t maxBytes_;
    mutable std::mutex mutex_;
    std::unordered_map<const vm::FunctionCode*, Entry> entries_;
    Counters counters_;
};

} // namespace pfun::loader
