#include "pfun/vm/process.h"

#include "pfun/vm/gc.h"
#include "pfun/vm/runtime.h"

#include <algorithm>
#include <cstring>

namespace pfun::vm {

Process::Process(Runtime& rt, size_t heapWords)
    : runtime_(rt), heap_(heapWords, Heap::Exact{}), pid_(Term::makeLocalPid(rt.newPidNumber())) {
    std::fill(stack_.data(), stack_.data() + stack_.capacity(), Term::nil());
    frameTop = frames_.data();
    frameLimit = frameTop + frames_.capacity();
    setGcStress(rt.gcStress());
    maxHeapWords = rt.processLimits().maxHeapWords;
    maxMailbox = rt.processLimits().maxMailbox;
}

Process::~Process() = default;

bool Process::reserveStackSlow(size_t need) {
    if (need > maxStackWords_) return false;
    if (need > stack_.capacity()) {
        // Keep the whole old capacity, not just [0, stackHigh): a collection in a
        // callee lowers stackHigh to the callee's live top, and after the return the
        // caller may write its own registers above it before anything reserves
        // them again. Only the new part needs the nil fill.
        size_t fresh = stack_.grow(need, maxStackWords_, stack_.capacity());
        std::fill(stack_.data() + fresh, stack_.data() + stack_.capacity(), Term::nil());
    }
    stackHigh_ = need;
    return true;
}

void Process::setMaxFrames(size_t n) {
    maxFrames_ = std::max(n, frameDepth() + 1);
    frameLimit = frames_.data() + std::min(frames_.capacity(), maxFrames_);
}

bool Process::growFrames() {
    size_t depth = frameDepth();
    if (depth >= maxFrames_) return false;
    if (depth < frames_.capacity()) { // the limit was raised again
        frameLimit = frames_.data() + std::min(frames_.capacity(), maxFrames_);
        return true;
    }
    frames_.grow(depth + 1, maxFrames_, depth);
    frameTop = frames_.data() + depth;
    frameLimit = frames_.data() + std::min(frames_.capacity(), maxFrames_);
    return true;
}

void Process::setGcStress(bool on) {
    gcStress_ = on;
    if (on) heap_.setGcThresholdWords(0);
}

void Process::collect(size_t liveTop, size_t extraWords) {
    liveTop = std::min(liveTop, stackHigh_);
    const RootRange roots[] = {
        {stack_.data(), stack_.data() + liveTop},
        {&excReason_, &excReason_ + 1},
        {&excStacktrace_, &excStacktrace_ + 1},
        {&dictionary_, &dictionary_ + 1},
        {mailbox_.data(), mailbox_.data() + mailbox_.size()},
        {&exitValue, &exitValue + 1},
    };
    collectGarbage(heap_, roots, extraWords);
    ++collections_;
    std::fill(stack_.data() + liveTop, stack_.data() + stackHigh_, Term::nil());
    stackHigh_ = liveTop;
    if (gcStress_) heap_.setGcThresholdWords(0);
}

} // namespace pfun::vm
