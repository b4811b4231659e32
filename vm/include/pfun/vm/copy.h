// Copying terms between heaps (messages, spawn arguments, results, ETS-like stores).
//
// copyTerm makes a deep copy that shares nothing with the source except immutable
// off-heap data (a RefcBin copy takes a new reference on the same SharedBinary) and
// code (FunEntry pointers). Like BEAM's copy_struct it does not preserve sharing
// inside the term: a subterm reachable twice is copied twice, and termSizeWords
// counts it twice, so `termSizeWords(t)` is exactly what copyTerm allocates, in one
// block. Both walk iteratively (no recursion), so any depth is fine.
//
// (The collector, by contrast, does preserve sharing: see gc.h.)
#pragma once

#include "pfun/vm/heap.h"
#include "pfun/vm/term.h"

#include <cstddef>

namespace pfun::vm {

size_t termSizeWords(Term);
Term copyTerm(Term, Heap& to);

} // namespace pfun::vm
