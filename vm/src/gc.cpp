#include "pfun/vm/gc.h"

#include "pfun/vm/binary.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace pfun::vm {

namespace {

struct Range {
    const Term* begin;
    const Term* end;
};

class Collector {
  public:
    Collector(Heap& heap, std::vector<Heap::Block>& from) : heap_(heap) {
        ranges_.reserve(from.size());
        for (const Heap::Block& b : from)
            if (b.used) ranges_.push_back({b.words.get(), b.words.get() + b.used});
        std::sort(ranges_.begin(), ranges_.end(),
                  [](const Range& a, const Range& b) { return a.begin < b.begin; });
        if (ranges_.empty()) ranges_.push_back({nullptr, nullptr});
        lowest_ = ranges_.front().begin;
        highest_ = ranges_.back().end;
        last_ = &ranges_.back();
    }

    bool inFrom(const Term* p) const {
        if (p < lowest_ || p >= highest_) return false; // literals, mostly
        if (p >= last_->begin && p < last_->end) return true;
        // Few blocks (they grow geometrically): a binary search over sorted ranges.
        auto it = std::upper_bound(ranges_.begin(), ranges_.end(), p,
                                   [](const Term* q, const Range& r) { return q < r.begin; });
        if (it == ranges_.begin()) return false;
        --it;
        if (p >= it->end) return false;
        last_ = &*it;
        return true;
    }

    Term evacuate(Term t) {
        if (t.isList()) {
            Term* p = t.consPtr();
            if (!inFrom(p)) return t;
            if (p[0] == Term::movedCons()) return p[1];
            Term* q = heap_.alloc(2);
            q[0] = p[0];
            q[1] = p[1];
            Term moved = Term::makeCons(q);
            p[0] = Term::movedCons();
            p[1] = moved;
            copied_ += 2;
            return moved;
        }
        if (t.isBoxed()) {
            Term* p = t.boxedPtr();
            if (!inFrom(p)) return t;
            Term hdr = p[0];
            if (!hdr.isHeader()) return hdr; // already copied: the forwarding Term
            uint64_t n = hdr.headerArity();
            Term* q = heap_.alloc(1 + n);
            std::memcpy(q, p, (1 + n) * sizeof(Term));
            Term moved = Term::makeBoxed(q);
            p[0] = moved;
            copied_ += 1 + n;
            return moved;
        }
        return t;
    }

    // Cheney scan over every to-space block until it catches up with allocation.
    void scan() {
        size_t bi = 0;
        Term* q = heap_.blocks()[0].words.get();
        while (true) {
            // Objects are only ever added at the end of the last block, so the end of
            // the block being scanned needs re-reading only when the scan reaches it.
            Term* end = heap_.blocks()[bi].words.get() + heap_.usedIn(bi);
            while (q < end) {
                while (q < end) {
                    Term w = *q;
                    if (w.isHeader()) {
                        uint64_t n = w.headerArity();
                        for (uint64_t i = 1 + rawPrefixWords(w); i <= n; ++i)
                            q[i] = evacuate(q[i]);
                        q += 1 + n;
                    } else {
                        q[0] = evacuate(q[0]);
                        q[1] = evacuate(q[1]);
                        q += 2;
                    }
                }
                end = heap_.blocks()[bi].words.get() + heap_.usedIn(bi);
            }
            if (bi + 1 < heap_.blocks().size()) {
                ++bi;
                q = heap_.blocks()[bi].words.get();
                continue;
            }
            break;
        }
    }

    // Survivors of the old off-heap chain form the new one; the rest are released.
    void sweepOffHeap(Term* chain) {
        Term* survivors = nullptr;
        while (chain) {
            Term* next = reinterpret_cast<Term*>(chain[3].raw());
            if (!inFrom(chain)) {
                // Not ours to move (should not happen): keep it on the chain.
                chain[3] = Term::fromRaw(reinterpret_cast<uint64_t>(survivors));
                survivors = chain;
            } else if (chain[0].isHeader()) {
                reinterpret_cast<SharedBinary*>(chain[2].raw())->release();
            } else {
                Term* moved = chain[0].boxedPtr();
                moved[3] = Term::fromRaw(reinterpret_cast<uint64_t>(survivors));
                survivors = moved;
            }
            chain = next;
        }
        heap_.offHeap = survivors;
    }

    size_t copied() const { return copied_; }

  private:
    Heap& heap_;
    std::vector<Range> ranges_;
    const Term* lowest_ = nullptr;
    const Term* highest_ = nullptr;
    mutable const Range* last_ = nullptr; // the range of the last hit
    size_t copied_ = 0;
};

} // namespace

void collectGarbage(Heap& heap, std::span<const RootRange> roots, size_t extraWords) {
    heap.syncCurrentBlock();
    size_t used = 0;
    for (const Heap::Block& b : heap.blocks())
        used += b.used;
    // Size the first to-space block from the last live size: usually everything fits,
    // and if not the heap chains more blocks, which the scan follows.
    size_t fresh = std::max(heap.lastLiveWords + heap.lastLiveWords / 2, Heap::kMinBlockWords);
    fresh = std::min(fresh, std::max(used, Heap::kMinBlockWords));
    Term* chain = heap.offHeap;
    heap.offHeap = nullptr;
    std::vector<Heap::Block> from = heap.takeBlocks(fresh);
    Collector c(heap, from);
    for (const RootRange& r : roots)
        for (Term* slot = r.begin; slot < r.end; ++slot)
            *slot = c.evacuate(*slot);
    c.scan();
    c.sweepOffHeap(chain);
    size_t live = c.copied();
    heap.lastLiveWords = live;
    ++heap.collections;
    // Next collection after 2 x live words of allocation, or 4 x when most of what
    // was allocated survived: a heap whose data mostly stays live (a growing
    // structure) would otherwise be copied again and again as it grows, for little
    // garbage found each time. Memory stays within a small multiple of live.
    size_t factor = live * 2 >= used ? 4 : 2;
    heap.setGcThresholdWords(std::max(heap.minThresholdWords, factor * live) + extraWords);
    if (extraWords) heap.reserve(extraWords);
    heap.keepSpares(std::move(from)); // the rest of `from` is freed here
}

std::string checkHeap(const Heap& heap) {
    // Pass 1: object starts (boxes and cons cells), block by block.
    struct Start {
        const Term* at;
        bool boxed;
    };
    std::vector<Start> starts;
    for (size_t bi = 0; bi < heap.blocks().size(); ++bi) {
        const Term* q = heap.blocks()[bi].words.get();
        const Term* end = q + heap.usedIn(bi);
        while (q < end) {
            Term w = *q;
            if (w.isHeader()) {
                if (static_cast<unsigned>(w.headerKind()) >= static_cast<unsigned>(BoxKind::Count))
                    return "unknown box kind";
                if (w.headerArity() >= static_cast<uint64_t>(end - q))
                    return "box overruns its block";
                starts.push_back({q, true});
                q += 1 + w.headerArity();
            } else {
                if (end - q < 2) return "cons cell overruns its block";
                starts.push_back({q, false});
                q += 2;
            }
        }
    }
    std::sort(starts.begin(), starts.end(),
              [](const Start& a, const Start& b) { return a.at < b.at; });
    auto check = [&](Term t) -> const char* {
        if (t == Term::movedCons()) return "forwarding mark left in the heap";
        if (t.isHeader()) return "header word where a term belongs";
        if (!t.isBoxed() && !t.isList()) return nullptr;
        const Term* p = t.isList() ? t.consPtr() : t.boxedPtr();
        if (!heap.contains(p)) return nullptr; // literal or foreign: not ours to check
        auto it = std::lower_bound(starts.begin(), starts.end(), p,
                                   [](const Start& s, const Term* x) { return s.at < x; });
        if (it == starts.end() || it->at != p) return "pointer into the middle of an object";
        if (it->boxed != t.isBoxed())
            return t.isList() ? "list term points at a box" : "boxed term points at a cons cell";
        return nullptr;
    };
    // Pass 2: every Term word.
    for (const Start& s : starts) {
        if (s.boxed) {
            Term w = *s.at;
            uint64_t n = w.headerArity();
            for (uint64_t i = 1 + rawPrefixWords(w); i <= n; ++i)
                if (const char* e = check(s.at[i])) return e;
            if (w.headerKind() == BoxKind::SubBin && !s.at[3].isBitstring())
                return "sub-binary over a non-binary";
        } else {
            if (const char* e = check(s.at[0])) return e;
            if (const char* e = check(s.at[1])) return e;
        }
    }
    return {};
}

} // namespace pfun::vm
