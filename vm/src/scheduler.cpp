#include "pfun/vm/scheduler.h"

#include "pfun/vm/copy.h"
#include "pfun/vm/interpreter.h"
#include "pfun/vm/lifecycle.h"
#include "pfun/vm/process.h"
#include "pfun/vm/process_registry.h"
#include "pfun/vm/runtime.h"
#include "pfun/vm/signals.h"

#include <algorithm>
#include <limits>
#include <utility>

namespace pfun::vm {

namespace {
// The network thread's open NetworkSlices (null on every other thread), and whether
// it is running a slice right now: state of the thread, not of a runtime.
thread_local Scheduler::NetworkSlices* tNetworkSlices = nullptr;
thread_local bool tInNetworkSlice = false;
// 2 MiB: a collection of such a heap takes about a millisecond.
constexpr size_t kNetworkSliceHeapWords = 256 * 1024;
} // namespace

Scheduler::Scheduler(Runtime& rt) : rt_(rt) {}

unsigned Scheduler::threadCount() const {
    const unsigned n = threadCount_.load(std::memory_order_acquire);
    return n ? n : std::max(1u, std::thread::hardware_concurrency());
}

Scheduler::~Scheduler() {
    stop();
}

void Scheduler::setThreadCount(unsigned n) {
    std::lock_guard lock(startMutex_);
    if (!started_) threadCount_ = std::max(1u, n);
}

bool Scheduler::startLocked() {
    // A stopped scheduler never starts again (stop()).
    if (stopped_.load()) return false;
    if (started_.load()) return true;
    const unsigned n = threadCount();
    threadCount_.store(n, std::memory_order_release);
    for (unsigned i = 0; i < n; ++i)
        workers_.push_back(std::make_unique<Worker>());
    for (unsigned i = 0; i < n; ++i)
        workers_[i]->thread = std::thread([this, i] { workerLoop(i); });
    timerThread_ = std::thread([this] { timerLoop(); });
    threadsStarted_.fetch_add(n + 1, std::memory_order_release);
    started_.store(true);
    return true;
}

void Scheduler::stop() {
    // Refuse work first: from here on enqueue and the timers are no-ops, so nothing
    // can start the threads again while they are joined, or after.
    stopped_.store(true);
    std::lock_guard lock(startMutex_);
    if (!started_) return;
    for (auto& w : workers_) {
        std::lock_guard wl(w->mutex);
        w->signaled = true;
        w->cv.notify_all();
    }
    {
        std::lock_guard tl(timerMutex_);
        timerCv_.notify_all();
    }
    for (auto& w : workers_)
        if (w->thread.joinable()) w->thread.join();
    if (timerThread_.joinable()) timerThread_.join();
    // The workers (and their queues) stay until the destructor: a thread that
    // passed enqueue's check just before the stop may still push onto a queue. What
    // the queues hold is never run; the process registry owns those processes and
    // frees them with the runtime.
    std::lock_guard tl(timerMutex_);
    timers_.clear();
    timerDeadlines_.clear();
}

void Scheduler::enqueue(Process& p, const Process* waker) {
    // After stop() a process made runnable stays so, unrun (stop()).
    if (stopped_.load(std::memory_order_acquire)) return;
    // The network thread keeps it for a slice of its own (NetworkSlices) only when
    // its heap is small: a collection of a large heap would hold up every frame.
    // Checked before the workers start, so that `pfun run` of a script that is done
    // in one slice (run on the main thread) starts no thread at all.
    if (!waker && tNetworkSlices && !tInNetworkSlice && !tNetworkSlices->kept_ &&
        &tNetworkSlices->sched_ == this &&
        p.publishedHeapWords.load(std::memory_order_relaxed) <= kNetworkSliceHeapWords &&
        (!started_.load(std::memory_order_acquire) || allWorkersAsleep())) {
        tNetworkSlices->kept_ = &p;
        return;
    }
    if (!started_.load(std::memory_order_acquire)) {
        std::lock_guard lock(startMutex_);
        if (!startLocked()) return;
    }
    unsigned n = unsigned(workers_.size());
    unsigned target;
    if (waker && waker->lastScheduler >= 0 && unsigned(waker->lastScheduler) < n)
        target = unsigned(waker->lastScheduler);
    else if (p.lastScheduler >= 0 && unsigned(p.lastScheduler) < n)
        target = unsigned(p.lastScheduler);
    else
        target = roundRobin_.fetch_add(1, std::memory_order_relaxed) % n;
    // A process woken (or re-queued) by the process running on the target worker
    // runs there as soon as the waker yields or waits. Waking a sleeping worker to
    // steal it would only move it to another core (cold caches, a futex round trip
    // per time slice), so another worker is called only when the queue already
    // holds more than this one process: then there is parallel work to share.
    bool wakerRunsOnTarget = waker && unsigned(waker->lastScheduler) == target &&
                             (waker == &p || waker->state.load() == ProcessState::Running);
    Worker& w = *workers_[target];
    bool targetAsleep;
    size_t queued;
    {
        std::lock_guard lock(w.mutex);
        w.queue.push_back(&p);
        queued = w.queue.size();
        targetAsleep = w.sleeping.load();
        if (targetAsleep) {
            w.signaled = true;
            w.cv.notify_one();
        }
    }
    if (targetAsleep || (wakerRunsOnTarget && queued == 1)) return;
    // The target is busy: let a sleeping worker come and steal.
    for (auto& other : workers_) {
        if (other.get() == &w || !other->sleeping.load()) continue;
        std::lock_guard lock(other->mutex);
        if (!other->sleeping.load()) continue;
        other->signaled = true;
        other->cv.notify_one();
        break;
    }
}

bool Scheduler::allWorkersAsleep() const {
    for (const auto& w : workers_)
        if (!w->sleeping.load()) return false;
    return true;
}

Scheduler::NetworkSlices::NetworkSlices(Scheduler& s) : sched_(s), outer_(tNetworkSlices) {
    tNetworkSlices = this;
}

Scheduler::NetworkSlices::~NetworkSlices() {
    tNetworkSlices = outer_;
    if (Process* p = std::exchange(kept_, nullptr)) sched_.enqueue(*p, nullptr);
}

void Scheduler::NetworkSlices::run() {
    Process* p = std::exchange(kept_, nullptr);
    // Kept before a stop(): left unrun, as the queues' processes are.
    if (!p || sched_.stopped_.load(std::memory_order_acquire)) return;
    struct InSlice {
        InSlice() { tInNetworkSlice = true; }
        ~InSlice() { tInNetworkSlice = false; }
    } inSlice;
    sched_.networkSlices_.fetch_add(1, std::memory_order_relaxed);
    // Not a worker's index (workers_ may be growing on another thread right now).
    sched_.runSlice(*p, unsigned(std::numeric_limits<int32_t>::max()));
}

bool Scheduler::deferBlockingCall(Process& p) {
    if (!tInNetworkSlice) return false;
    p.retryCallOnWorker = true;
    p.runtime().scheduler().deferredCalls_.fetch_add(1, std::memory_order_relaxed);
    return true;
}

Process* Scheduler::takeWork(unsigned index) {
    Worker& self = *workers_[index];
    {
        std::lock_guard lock(self.mutex);
        if (!self.queue.empty()) {
            Process* p = self.queue.front();
            self.queue.pop_front();
            return p;
        }
    }
    // Steal the oldest runnable process of another worker.
    for (size_t k = 1; k < workers_.size(); ++k) {
        Worker& victim = *workers_[(index + k) % workers_.size()];
        std::unique_lock lock(victim.mutex, std::try_to_lock);
        if (!lock.owns_lock() || victim.queue.empty()) continue;
        Process* p = victim.queue.front();
        victim.queue.pop_front();
        return p;
    }
    return nullptr;
}

void Scheduler::workerLoop(unsigned index) {
    Worker& self = *workers_[index];
    while (!stopped_.load()) {
        Process* p = takeWork(index);
        if (!p) {
            // Announce sleep first, then look once more: an enqueuer either sees
            // us asleep (and signals) or we see its process.
            self.sleeping.store(true);
            p = takeWork(index);
            if (!p) {
                std::unique_lock lock(self.mutex);
                self.cv.wait(
                    lock, [&] { return self.signaled || !self.queue.empty() || stopped_.load(); });
                self.signaled = false;
                self.sleeping.store(false);
                continue;
            }
            self.sleeping.store(false);
        }
        runSlice(*p, index);
    }
}

void Scheduler::runSlice(Process& p, unsigned index) {
    // Remote sends of this slice leave together when it ends (Distribution::cork):
    // at once when the process yields or waits, before the bookkeeping below; those
    // of a process's end after it (its exit signals go in the same write).
    Distribution& dist = rt_.distribution();
    dist.cork();
    p.state.store(ProcessState::Running);
    p.lastScheduler = int32_t(index);
    switches_.fetch_add(1, std::memory_order_relaxed);
    RunStatus st = runProcess(p);
    if (st == RunStatus::Yielded || st == RunStatus::Waiting) dist.uncork();
    switch (st) {
    case RunStatus::Yielded:
        p.publishInfo();
        p.state.store(ProcessState::Runnable);
        enqueue(p, &p);
        return;
    case RunStatus::Waiting:
        if (p.waitArmed && !p.waitInfinite && !p.waitTimerSet) {
            armReceiveTimeout(p);
            p.waitTimerSet = true;
        }
        p.heap().releaseSpares(); // a waiting process holds no memory it is not using
        p.publishInfo();
        p.state.store(ProcessState::Waiting);
        // A signal that arrived while we were parking must not be missed.
        if (p.signals().pending()) wake(rt_, p, &p);
        return;
    case RunStatus::Returned:
    case RunStatus::Raised:
        finishProcess(p, st);
        dist.uncork();
        return;
    }
}

// ---- timers ----

void Scheduler::addTimer(Clock::time_point at, uint64_t id, Timer&& t) {
    if (stopped_.load(std::memory_order_acquire)) return; // would never fire
    if (!started_.load(std::memory_order_acquire)) {
        std::lock_guard lock(startMutex_);
        if (!startLocked()) return;
    }
    std::lock_guard lock(timerMutex_);
    if (stopped_.load()) return; // stop() cleared the table (under this lock) or will
    bool earliest = timers_.empty() || at < timers_.begin()->first.first;
    timers_.emplace(std::make_pair(at, id), std::move(t));
    timerDeadlines_[id] = at;
    if (earliest) timerCv_.notify_one();
}

void Scheduler::armReceiveTimeout(Process& p) {
    Timer t;
    t.dest = p.self();
    t.from = p.self();
    t.message = Term::nonValue();
    addTimer(p.waitDeadline, rt_.uniqueInteger(), std::move(t));
}

void Scheduler::sendAfter(Clock::time_point at, Term dest, Term message, Term from, uint64_t id) {
    Timer t;
    t.dest = dest;
    t.from = from;
    t.heap = std::make_unique<Heap>(termSizeWords(message), Heap::Exact{});
    t.message = copyTerm(message, *t.heap);
    addTimer(at, id, std::move(t));
}

std::optional<int64_t> Scheduler::cancelTimer(uint64_t id) {
    std::lock_guard lock(timerMutex_);
    auto it = timerDeadlines_.find(id);
    if (it == timerDeadlines_.end()) return std::nullopt;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(it->second - Clock::now());
    timers_.erase(std::make_pair(it->second, id));
    timerDeadlines_.erase(it);
    return std::max<int64_t>(0, left.count());
}

std::optional<int64_t> Scheduler::readTimer(uint64_t id) {
    std::lock_guard lock(timerMutex_);
    auto it = timerDeadlines_.find(id);
    if (it == timerDeadlines_.end()) return std::nullopt;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(it->second - Clock::now());
    return std::max<int64_t>(0, left.count());
}

void Scheduler::fire(Timer& t) {
    if (t.message.isNonValue()) {
        if (std::shared_ptr<Process> p = rt_.processes().find(t.dest)) wake(rt_, *p, nullptr);
        return;
    }
    Term dest = t.dest;
    if (dest.isAtom()) dest = rt_.processes().whereis(dest);
    if (!dest.isLocalPid()) return;
    Signal s;
    s.kind = SignalKind::Message;
    s.from = t.from;
    s.payload = t.message;
    s.fragment = std::move(t.heap);
    sendSignal(rt_, dest, std::move(s), nullptr);
}

void Scheduler::timerLoop() {
    std::unique_lock lock(timerMutex_);
    while (!stopped_.load()) {
        if (timers_.empty()) {
            timerCv_.wait(lock);
            continue;
        }
        auto first = timers_.begin();
        Clock::time_point at = first->first.first;
        if (Clock::now() < at) {
            timerCv_.wait_until(lock, at);
            continue;
        }
        Timer t = std::move(first->second);
        timerDeadlines_.erase(first->first.second);
        timers_.erase(first);
        lock.unlock();
        fire(t);
        lock.lock();
    }
}

} // namespace pfun::vm
