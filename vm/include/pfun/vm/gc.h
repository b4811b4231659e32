// The garbage collector: a Cheney copying collector over one process heap.
//
// collectGarbage copies everything reachable from `roots` out of all current blocks
// of the heap (the from-space, taken with Heap::takeBlocks) into fresh blocks, then
// frees the from-space. Properties:
//  - Only Terms in the roots survive; every live Term the caller holds must be in a
//    root range (registers, stack, process fields, message queue). Root words are
//    rewritten in place. A root range must hold valid Terms only.
//  - Pointers outside the from-space (module literal heaps, other read-only areas) are
//    left alone and not traced into: such areas must not point back into a process
//    heap.
//  - Sharing is preserved (each object is copied once; later references follow the
//    forwarding pointer), so a DAG does not blow up.
//  - RefcBin handles that did not survive drop their SharedBinary reference; the
//    survivors form the new offHeap chain.
//  - Afterwards the heap's threshold is max(minThresholdWords, 2 x live), so the
//    collection cost stays proportional to the live data, and at least `extraWords`
//    words can be allocated contiguously without chaining a block.
//
// Forwarding: a copied box's header is overwritten with the boxed Term of its copy; a
// copied cons cell's head becomes Term::movedCons() and its tail the new cell.
#pragma once

#include "pfun/vm/heap.h"
#include "pfun/vm/term.h"

#include <cstddef>
#include <span>
#include <string>

namespace pfun::vm {

struct RootRange {
    Term* begin;
    Term* end;
};

void collectGarbage(Heap&, std::span<const RootRange> roots, size_t extraWords = 0);

// Debug aid (the interpreter's stress mode, tests): walks every word of the heap and
// checks the layout invariants of term.h: headers of known kinds that fit their block,
// no forwarding marks left, and every pointer into the heap landing on the start of an
// object of the right sort (a box for boxed Terms, a cons cell for list Terms).
// Pointers outside the heap (literals) are not followed. Meaningful only when every
// allocated word is initialised, as right after a collection. Returns "" when the heap
// is sound, else a description of the first problem.
std::string checkHeap(const Heap&);

} // namespace pfun::vm
