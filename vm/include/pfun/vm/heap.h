// Heap: one process's private term storage.
//
// Allocation is a pointer bump in the current block. When a block is full the heap
// chains a new, larger one instead of collecting: allocation never moves terms, so
// native code (BIFs, term builders, the copier) may hold raw Terms across any number
// of allocations. Collection happens only at safe points chosen by the interpreter
// (function entry, loop back-edges), where every live Term is in a known root
// (registers, stack, process fields) — see gc.h.
//
// Off-heap objects (reference-counted binaries) that the heap points at are chained
// through `offHeap` so the collector can release the ones that died.
#pragma once

#include "pfun/vm/page_memory.h"
#include "pfun/vm/term.h"

#include <cstddef>
#include <memory>
#include <vector>

namespace pfun::vm {

class Heap {
  public:
    static constexpr size_t kMinBlockWords = 512;
    // Smallest block chained when a block fills.
    static constexpr size_t kGrowthFloorWords = 128;

    explicit Heap(size_t initialWords = kMinBlockWords);
    // A heap of exactly `words` words in one block (no minimum): a message or signal
    // fragment, sized by termSizeWords, that a receiving heap later adopts.
    struct Exact {};
    Heap(size_t words, Exact);
    Heap(const Heap&) = delete;
    Heap& operator=(const Heap&) = delete;
    Heap(Heap&& o) noexcept;
    Heap& operator=(Heap&& o) noexcept;
    ~Heap(); // drops the references of the off-heap objects on the offHeap chain

    // Returns uninitialised space for `words` Terms. Never collects, never fails
    // (throws std::bad_alloc only when the machine is out of memory).
    Term* alloc(size_t words) {
        if (static_cast<size_t>(limit_ - top_) >= words) [[likely]] {
            Term* p = top_;
            top_ += words;
            return p;
        }
        return allocSlow(words);
    }

    // Makes sure the next `words` words can be allocated from the current block
    // without chaining (the collector uses this to honour its `extraWords`).
    void reserve(size_t words) {
        if (static_cast<size_t>(limit_ - top_) < words) pushBlock(words);
    }
    // Words free in the current block.
    size_t freeWordsInBlock() const { return static_cast<size_t>(limit_ - top_); }

    // Words handed out since the last collection (or creation).
    size_t allocatedWords() const {
        return usedInFullBlocks_ + static_cast<size_t>(top_ - blockStart_);
    }
    // True when the interpreter should collect at its next safe point.
    bool wantsCollection() const { return allocatedWords() >= gcThresholdWords_; }
    size_t gcThresholdWords() const { return gcThresholdWords_; }
    void setGcThresholdWords(size_t w) { gcThresholdWords_ = w; }
    // Total words reserved by all blocks (for process_info(memory) and limits).
    size_t capacityWords() const;

    // Takes over every block (and off-heap reference) of `fragment` without copying:
    // the terms in it become part of this heap and are collected with it. This is
    // how a received message joins the receiver's heap.
    void adopt(Heap&& fragment);

    // True if `p` points into one of this heap's blocks.
    bool contains(const Term* p) const;

    // Head of the chain of off-heap objects referenced from this heap (RefcBin
    // payload word 2 links them). Raw pointer to the boxed object's header.
    Term* offHeap = nullptr;

    // Words found live by the last collection (0 before the first); the collector
    // sizes the next to-space from it.
    size_t lastLiveWords = 0;
    // Lower bound for the collection threshold (a process may raise it: min_heap_size).
    size_t minThresholdWords = kMinBlockWords * 4;
    // Number of collections so far (statistics, tests).
    uint64_t collections = 0;

    // ---- for the collector ----
    struct Block {
        ArrayPtr<Term> words; // uninitialised past `used`
        size_t size = 0;
        size_t used = 0;
    };
    // Seals the current block and hands all blocks to the caller (the from-space),
    // leaving the heap with one fresh block of `words` words.
    std::vector<Block> takeBlocks(size_t freshWords);
    // Keeps the mapped blocks of a from-space the collector is done with as spares:
    // the next blocks this heap needs (the next to-space, growth until then) reuse
    // their pages, already committed, instead of mapping fresh ones that the kernel
    // must fault in and clear (once most of the list benchmark's time). Spares not
    // reused by the next collection are released then, and all of them when the
    // process waits in receive, so a heap holds at most one from-space beyond its
    // blocks, as any semispace collector does, and only while it runs.
    void keepSpares(std::vector<Block>&& from);
    void releaseSpares() { spares_.clear(); }
    size_t spareWords() const;
    const std::vector<Block>& blocks() const { return blocks_; }
    void syncCurrentBlock(); // writes top_ back into blocks_.back().used
    // Words used in block i, current even for the block being allocated from.
    size_t usedIn(size_t i) const {
        return i + 1 == blocks_.size() ? static_cast<size_t>(top_ - blockStart_) : blocks_[i].used;
    }

  private:
    Term* allocSlow(size_t words);
    // A block of `words` words (at least `needed`, when a spare that size is at hand).
    void pushBlock(size_t words, size_t needed = 0);
    bool takeSpare(size_t preferred, size_t needed, Block& out);

    Term* top_ = nullptr;
    Term* limit_ = nullptr;
    Term* blockStart_ = nullptr;
    size_t usedInFullBlocks_ = 0;
    size_t gcThresholdWords_ = 0;
    std::vector<Block> blocks_;
    std::vector<Block> spares_; // mapped, unused; smallest first
};

} // namespace pfun::vm
