// AtomTable: the node's interned atoms.
//
// An atom is an index into this table (Term::makeAtom). Predefined atoms (atoms.def)
// occupy the first indices in a fixed order, so C++ code names them as constants.
// The table only grows. Lookups of a name by index are lock-free (entries live in
// fixed chunks that never move); interning a new name takes a mutex, so any
// scheduler thread may intern.
//
// Lookup by name is an open-addressing table of 64-bit slots (hash high, index low)
// rather than a node-based map: every start-up interns several hundred names, and a
// node per name was a malloc each and a scattered page touch each.
#pragma once

#include "pfun/vm/term.h"

#include <array>
#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pfun::vm {

namespace atoms {
enum : uint32_t {
#define PFUN_ATOM(id, text) id##Index,
#include "pfun/vm/atoms.def"
#undef PFUN_ATOM
    kPredefinedCount
};
#define PFUN_ATOM(id, text) inline constexpr Term id = Term::makeAtom(id##Index);
#include "pfun/vm/atoms.def"
#undef PFUN_ATOM
} // namespace atoms

inline Term boolAtom(bool b) {
    return b ? atoms::kTrue : atoms::kFalse;
}

class AtomTable {
  public:
    // Erlang's limit on atom length in characters.
    static constexpr size_t kMaxAtomLength = 255;
    static constexpr size_t kChunkBits = 12;
    static constexpr size_t kChunkSize = size_t(1) << kChunkBits;
    static constexpr size_t kMaxChunks = 1024; // about 4 million atoms

    AtomTable();
    ~AtomTable();
    AtomTable(const AtomTable&) = delete;
    AtomTable& operator=(const AtomTable&) = delete;

    // Returns the atom for `name`, creating it if needed. Empty optional when the
    // name is too long or the table is full (callers raise system_limit).
    std::optional<Term> intern(std::string_view name);
    // Returns the atom only if it already exists (list_to_existing_atom).
    std::optional<Term> find(std::string_view name) const;
    // Name of an atom; precondition: atom.isAtom() and it came from this table.
    const std::string& name(Term atom) const { return nameOf(atom.atomIndex()); }
    const std::string& nameOf(uint32_t index) const {
        return *std::launder(chunks_[index >> kChunkBits].load(std::memory_order_acquire) +
                             (index & (kChunkSize - 1)));
    }
    size_t size() const { return count_.load(std::memory_order_acquire); }

  private:
    // A chunk is raw storage for kChunkSize names, each constructed when its atom is
    // made: a fresh chunk costs no construction and, being a large allocation, no
    // page is touched before it holds a name (start-up makes a few hundred atoms).
    struct Chunk {
        alignas(std::string) std::byte bytes[kChunkSize * sizeof(std::string)];
    };
    std::array<std::atomic<std::string*>, kMaxChunks> chunks_{};
    std::vector<std::unique_ptr<Chunk>> owned_;
    std::atomic<size_t> count_{0};
    mutable std::mutex mutex_;
    // Power-of-two sized, at most half full. A slot is 0 when free, otherwise
    // (hash >> 32) << 32 | (index + 1): a probe compares names only on a full
    // 32-bit hash match. The seed differs per table (and per run, by address), so
    // the layout of a node's table cannot be predicted from outside.
    std::vector<uint64_t> slots_;
    uint64_t seed_;

    uint64_t hashName(std::string_view name) const;
    // The slot holding `name`, or the free slot where it belongs. Caller holds mutex_.
    size_t probe(std::string_view name, uint64_t hash) const;
    void grow();
};

} // namespace pfun::vm
