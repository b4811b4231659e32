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
#include <unordered_map>
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

class BifTable {
  public:
    void add(Term module, Term name, uint32_t arity, BifFn fn, bool guardSafe = false);
    const BifEntry* find(Term module, Term name, uint32_t arity) const;
    const std::vector<BifEntry>& entries() const { return entries_; }

  private:
    static uint64_t key(Term module, Term name, uint32_t arity) {
        return (uint64_t(module.atomIndex()) << 40) ^ (uint64_t(name.atomIndex()) << 8) ^ arity;
    }
    std::vector<BifEntry> entries_;
    std::unordered_map<uint64_t, std::vector<size_t>> index_;
};

} // namespace pfun::vm
