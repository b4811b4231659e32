#include "pfun/vm/process.h"

#include "pfun/vm/gc.h"
#include "pfun/vm/runtime.h"

#include <algorithm>
#include <cstring>

namespace pfun::vm {

Process::Process(Runtime& rt) : runtime_(rt), pid_(Term::makeLocalPid(rt.newPidNumber())) {
    stackCapacity_ = 1024;
    stack_ = std::make_unique<Term[]>(stackCapacity_); // Term() is nil
    frameCapacity_ = 256;
    frames_ = std::make_unique<CallFrame[]>(frameCapacity_);
    frameTop = frames_.get();
    frameLimit = frameTop + frameCapacity_;
    setGcStress(rt.gcStress());
}

Process::~Process() = default;

bool Process::reserveStackSlow(size_t need) {
    if (need > maxStackWords_) return false;
    if (need > stackCapacity_) {
        size_t cap = std::max(need, stackCapacity_ * 2);
        cap = std::min(std::max(cap, need), std::max(maxStackWords_, need));
        auto grown = std::make_unique<Term[]>(cap); // nil-filled
        std::memcpy(static_cast<void*>(grown.get()), stack_.get(), stackHigh_ * sizeof(Term));
        stack_ = std::move(grown);
        stackCapacity_ = cap;
    }
    stackHigh_ = need;
    return true;
}

void Process::setMaxFrames(size_t n) {
    maxFrames_ = std::max(n, frameDepth() + 1);
    frameLimit = frames_.get() + std::min(frameCapacity_, maxFrames_);
}

bool Process::growFrames() {
    size_t depth = frameDepth();
    if (depth >= maxFrames_) return false;
    if (depth < frameCapacity_) { // the limit was raised again
        frameLimit = frames_.get() + std::min(frameCapacity_, maxFrames_);
        return true;
    }
    size_t cap = std::min(frameCapacity_ * 2, maxFrames_);
    auto grown = std::make_unique<CallFrame[]>(cap);
    std::copy(frames_.get(), frameTop, grown.get());
    frames_ = std::move(grown);
    frameCapacity_ = cap;
    frameTop = frames_.get() + depth;
    frameLimit = frames_.get() + cap;
    return true;
}

void Process::setGcStress(bool on) {
    gcStress_ = on;
    if (on) heap_.setGcThresholdWords(0);
}

void Process::collect(size_t liveTop, size_t extraWords) {
    liveTop = std::min(liveTop, stackHigh_);
    const RootRange roots[] = {
        {stack_.get(), stack_.get() + liveTop},
        {&excReason_, &excReason_ + 1},
        {&excStacktrace_, &excStacktrace_ + 1},
        {&dictionary_, &dictionary_ + 1},
        {mailbox_.data(), mailbox_.data() + mailbox_.size()},
    };
    collectGarbage(heap_, roots, extraWords);
    ++collections_;
    std::fill(stack_.get() + liveTop, stack_.get() + stackHigh_, Term::nil());
    stackHigh_ = liveTop;
    if (gcStress_) heap_.setGcThresholdWords(0);
}

} // namespace pfun::vm
