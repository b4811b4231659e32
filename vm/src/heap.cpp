#include "pfun/vm/heap.h"

#include "pfun/vm/binary.h"

#include <algorithm>

namespace pfun::vm {

Heap::Heap(size_t initialWords) {
    pushBlock(std::max(initialWords, kMinBlockWords));
    gcThresholdWords_ = std::max(initialWords, kMinBlockWords);
}

Heap::Heap(size_t words, Exact) {
    pushBlock(std::max<size_t>(words, 1));
    gcThresholdWords_ = std::max(words, kMinBlockWords);
}

void Heap::adopt(Heap&& fragment) {
    if (fragment.blocks_.empty()) return;
    fragment.syncCurrentBlock();
    // Adopted blocks are full blocks: insert them before the block being allocated
    // from, so top_/limit_ stay valid.
    syncCurrentBlock();
    for (Block& b : fragment.blocks_) {
        usedInFullBlocks_ += b.used;
        blocks_.insert(blocks_.end() - 1, std::move(b));
    }
    fragment.blocks_.clear();
    fragment.top_ = fragment.limit_ = fragment.blockStart_ = nullptr;
    fragment.usedInFullBlocks_ = 0;
    if (Term* chain = fragment.offHeap) {
        Term* last = chain;
        while (Term* next = reinterpret_cast<Term*>(last[3].raw()))
            last = next;
        last[3] = Term::fromRaw(reinterpret_cast<uint64_t>(offHeap));
        offHeap = chain;
        fragment.offHeap = nullptr;
    }
}

static void releaseOffHeap(Term* chain) {
    while (chain) {
        // RefcBin payload: [bits][SharedBinary*][next]
        auto* shared = reinterpret_cast<SharedBinary*>(chain[2].raw());
        Term* next = reinterpret_cast<Term*>(chain[3].raw());
        shared->release();
        chain = next;
    }
}

Heap::~Heap() {
    releaseOffHeap(offHeap);
}

Heap::Heap(Heap&& o) noexcept
    : offHeap(o.offHeap), lastLiveWords(o.lastLiveWords), minThresholdWords(o.minThresholdWords),
      collections(o.collections), top_(o.top_), limit_(o.limit_), blockStart_(o.blockStart_),
      usedInFullBlocks_(o.usedInFullBlocks_), gcThresholdWords_(o.gcThresholdWords_),
      blocks_(std::move(o.blocks_)), spares_(std::move(o.spares_)) {
    o.offHeap = nullptr;
    o.blocks_.clear();
    o.top_ = o.limit_ = o.blockStart_ = nullptr;
    o.usedInFullBlocks_ = 0;
}

Heap& Heap::operator=(Heap&& o) noexcept {
    if (this == &o) return *this;
    releaseOffHeap(offHeap);
    offHeap = o.offHeap;
    lastLiveWords = o.lastLiveWords;
    minThresholdWords = o.minThresholdWords;
    collections = o.collections;
    top_ = o.top_;
    limit_ = o.limit_;
    blockStart_ = o.blockStart_;
    usedInFullBlocks_ = o.usedInFullBlocks_;
    gcThresholdWords_ = o.gcThresholdWords_;
    blocks_ = std::move(o.blocks_);
    spares_ = std::move(o.spares_);
    o.offHeap = nullptr;
    o.blocks_.clear();
    o.top_ = o.limit_ = o.blockStart_ = nullptr;
    o.usedInFullBlocks_ = 0;
    return *this;
}

void Heap::pushBlock(size_t words, size_t needed) {
    if (needed == 0 || needed > words) needed = words;
    syncCurrentBlock();
    if (!blocks_.empty()) usedInFullBlocks_ += blocks_.back().used;
    Block b;
    if (!takeSpare(words, needed, b)) {
        b.words = allocArray<Term>(words); // big blocks: huge pages, size rounded up
        b.size = words;
    }
    words = b.size;
    b.used = 0;
    blocks_.push_back(std::move(b));
    blockStart_ = top_ = blocks_.back().words.get();
    limit_ = top_ + words;
}

void Heap::syncCurrentBlock() {
    if (!blocks_.empty()) blocks_.back().used = static_cast<size_t>(top_ - blockStart_);
}

Term* Heap::allocSlow(size_t words) {
    // Grow geometrically so a burst of allocation between safe points costs
    // O(log n) blocks.
    // A heap that started exact and tiny (a fresh process) moves to a block of a
    // useful size at once.
    size_t last = blocks_.empty() ? kMinBlockWords : blocks_.back().size;
    pushBlock(std::max({words, last * 2, kGrowthFloorWords}), words);
    Term* p = top_;
    top_ += words;
    return p;
}

size_t Heap::capacityWords() const {
    size_t n = 0;
    for (const Block& b : blocks_)
        n += b.size;
    return n;
}

bool Heap::contains(const Term* p) const {
    for (const Block& b : blocks_) {
        if (p >= b.words.get() && p < b.words.get() + b.size) return true;
    }
    return false;
}

bool Heap::takeSpare(size_t preferred, size_t needed, Block& out) {
    if (spares_.empty()) return false;
    // The smallest spare of the preferred size; else the largest one that still
    // holds the request and is not much smaller than preferred (more blocks are
    // chained as needed, and their pages are already committed).
    auto fit = std::find_if(spares_.begin(), spares_.end(),
                            [&](const Block& s) { return s.size >= preferred; });
    if (fit == spares_.end()) {
        fit = spares_.end() - 1;
        if (fit->size < needed || fit->size < preferred / 4) return false;
    }
    out = std::move(*fit);
    spares_.erase(fit);
    return true;
}

void Heap::keepSpares(std::vector<Block>&& from) {
    spares_.clear(); // the last collection's spares that nothing reused
    for (Block& b : from)
        if (b.words.get_deleter().mappedBytes != 0) spares_.push_back(std::move(b));
    std::sort(spares_.begin(), spares_.end(),
              [](const Block& a, const Block& b) { return a.size < b.size; });
}

size_t Heap::spareWords() const {
    size_t n = 0;
    for (const Block& b : spares_)
        n += b.size;
    return n;
}

std::vector<Heap::Block> Heap::takeBlocks(size_t freshWords) {
    syncCurrentBlock();
    std::vector<Block> old = std::move(blocks_);
    blocks_.clear();
    usedInFullBlocks_ = 0;
    pushBlock(std::max(freshWords, kMinBlockWords), kMinBlockWords);
    return old;
}

} // namespace pfun::vm
