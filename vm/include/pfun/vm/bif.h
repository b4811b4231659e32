// Built-in functions: native C++ implementations of Erlang functions.
//
// A BIF receives its arguments as an array and returns the result, or
// Term::nonValue() after recording an exception in the process (p.error(...),
// p.badarg(), ...). BIFs allocate from p.heap() freely: allocation never collects,
// so Terms held in locals stay valid for the whole call. A BIF never calls back into
// Erlang code; functions that need to (lists:map/2 ...) are written in Erlang in
// stdlib/erl/.
#pragma once

#include "pfun/vm/term.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace pfun::vm {

class Process;
using BifFn = Term (*)(Process& p, const Term* args);

struct BifEntry {
    Term module; // atom
    Term name;   // atom
    uint32_t arity;
    BifFn fn;
    bool guardSafe; // may appear in guards (is_integer/1, element/2, ...)
};

// The node's BIFs by {module, name, arity}.
//
// Entries never move once added: call targets keep a BifEntry* (CallTarget::publish),
// so storage is fixed-size chunks, not one growing vector. The index is an
// open-addressing table of entry numbers, sized once for the built-in set: start-up
// registers a few hundred BIFs, and a node-based map cost a malloc and a scattered
// page touch per BIF. add() must not run concurrently with find(): every BIF is
// registered while the runtime is being set up, before any code links.
class BifTable {
  public:
    BifTable();
    void add(Term module, Term name, uint32_t arity, BifFn fn, bool guardSafe = false);
    const BifEntry* find(Term module, Term name, uint32_t arity) const;
    size_t size() const { return count_; }
    template <class F>
    void forEach(F&& visit) const {
        for (size_t i = 0; i < count_; ++i)
            visit(entry(i));
    }

  private:
    static constexpr size_t kChunkBits = 9; // one chunk holds the built-in set (~330)
    static constexpr size_t kChunkSize = size_t(1) << kChunkBits;

    const BifEntry& entry(size_t i) const { return chunks_[i >> kChunkBits][i & (kChunkSize - 1)]; }
    BifEntry& entry(size_t i) { return chunks_[i >> kChunkBits][i & (kChunkSize - 1)]; }
    static uint64_t hash(Term module, Term name, uint32_t arity);
    // The slot holding {module, name, arity}, or the free slot where it belongs.
    size_t probe(Term module, Term name, uint32_t arity) const;
    void grow();

    std::vector<std::unique_ptr<BifEntry[]>> chunks_;
    size_t count_ = 0;
    std::vector<uint32_t> slots_; // entry number + 1, 0 when free; at most half full
};

} // namespace pfun::vm
