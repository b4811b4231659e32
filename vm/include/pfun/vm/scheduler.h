// Scheduler: runs a node's processes on N threads (M:N), plus the node's timers.
//
// Shape (as BEAM's, smaller):
//  - One worker thread per core by default, each with its own run queue. A woken
//    process goes to the queue of the worker running its waker (locality: a reply
//    is picked up where the request was made); a worker whose queue is empty steals
//    the oldest process from another's.
//  - A process runs for one time slice (Process::kReductionsPerSlice function
//    entries) or until it waits in `receive`, then goes back to a queue or to
//    sleep. An endless loop therefore never starves the others.
//  - Idle workers sleep on a condition variable and are woken by enqueue; an idle
//    node uses no CPU (no polling).
//  - Timers (receive ... after, send_after/start_timer) live in one ordered table
//    served by a timer thread that sleeps until the earliest deadline.
//  - The network thread may run a slice itself (NetworkSlices): when every worker
//    sleeps, a process that a frame started or woke runs on the thread that read
//    the frame, and what it sends leaves in the same write as the replies to that
//    frame. A request that starts a process and gets its answer back then costs the
//    two context switches of a plain TCP ping-pong instead of four hand-offs between
//    the network thread and a worker (futex wake, switch, and back on each node).
//
// State transitions of a process (process.h): a worker takes a Runnable process,
// sets Running, runs it, and then either re-queues it (Runnable), parks it
// (Waiting: it re-checks for signals that raced with parking) or finishes it.
// Waking is a compare-exchange Waiting -> Runnable (signals.h), so exactly one
// waker enqueues.
//
// Threads start on the first enqueue; stop() (and the destructor) join them.
//
// Stopping is for good: once stop() began, enqueue and the timers are no-ops, so
// nothing (a frame the network thread still handles, a signal a late thread sends)
// can start the threads again. A process made runnable after that, or left in a
// queue, is never run; it stays in the process registry, which frees it with the
// runtime. This is what lets a host stop the scheduler before it tears down a node
// (net::Node) whose network thread still delivers signals.
#pragma once

#include "pfun/vm/term.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

namespace pfun::vm {

class Process;
class Runtime;
class Heap;

class Scheduler {
  public:
    using Clock = std::chrono::steady_clock;

    explicit Scheduler(Runtime& rt);
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;
    ~Scheduler();

    // Number of worker threads (default: hardware concurrency, asked when the threads
    // start: a script done on the main thread never reads /sys for it). Set only
    // before start.
    void setThreadCount(unsigned n);
    unsigned threadCount() const;
    // Stops and joins every thread, for good (see above): queued processes and any
    // made runnable afterwards are left unrun. Idempotent; never call it from a
    // scheduler thread (it joins them).
    void stop();
    // Whether stop() was called.
    bool stopped() const { return stopped_.load(std::memory_order_acquire); }
    // Threads started since construction (workers and the timer thread); a stopped
    // scheduler starts none.
    unsigned threadsStarted() const { return threadsStarted_.load(std::memory_order_acquire); }

    // Makes a Runnable process run soon; `waker` (may be null) picks the queue.
    void enqueue(Process& p, const Process* waker);

    // ---- timers ----
    // Wakes `p` at its receive deadline (p.waitDeadline), if it still waits then.
    void armReceiveTimeout(Process& p);
    // Sends `message` (copied now) to `dest` (a local pid or a registered name) at
    // `at`, as timer `id` (the number of the reference the caller hands out).
    void sendAfter(Clock::time_point at, Term dest, Term message, Term from, uint64_t id);
    // Cancels a message timer: the milliseconds it had left, or nothing if it
    // already fired or never existed.
    std::optional<int64_t> cancelTimer(uint64_t id);
    std::optional<int64_t> readTimer(uint64_t id);

    // ---- slices run by the network thread ----
    // Open on the network thread around the handling of the frames of one read (no
    // co_await inside), and on `pfun run`'s main thread around the spawn of main/1
    // (a thread that would otherwise only wait). While it is open, a process that
    // this thread makes runnable (a spawn, a message, a signal: enqueue with no
    // waker) is kept here instead of queued, if every worker sleeps (or none has
    // started yet) and none is kept yet; run() then gives it one slice on this
    // thread. Anything kept and not run (an exception unwound the scope) goes to a
    // worker's queue in the destructor. At most one process is kept: the network
    // thread reads again as soon as that slice ends, and a process that uses its
    // whole slice goes on on a worker.
    class NetworkSlices {
      public:
        explicit NetworkSlices(Scheduler& s);
        NetworkSlices(const NetworkSlices&) = delete;
        NetworkSlices& operator=(const NetworkSlices&) = delete;
        ~NetworkSlices();
        void run();

      private:
        friend class Scheduler;
        Scheduler& sched_;
        NetworkSlices* outer_;
        Process* kept_ = nullptr;
    };
    // For a BIF that would block its thread until the network thread did something
    // (connecting to a node): true when the caller is a slice on the network thread,
    // where that wait could never end. The process is then marked
    // (Process::retryCallOnWorker) so that the BIF's Term::nonValue() makes the
    // interpreter yield before the call, which runs again on a worker.
    static bool deferBlockingCall(Process& p);

    // Statistics.
    uint64_t contextSwitches() const { return switches_.load(std::memory_order_relaxed); }
    // Slices the network thread ran, and calls it sent on to a worker.
    uint64_t networkSlices() const { return networkSlices_.load(std::memory_order_relaxed); }
    uint64_t deferredCalls() const { return deferredCalls_.load(std::memory_order_relaxed); }

  private:
    struct Worker {
        std::thread thread;
        std::mutex mutex;
        std::condition_variable cv;
        std::deque<Process*> queue;
        std::atomic<bool> sleeping{false};
        bool signaled = false;
    };
    struct Timer {
        Term dest; // pid or name (message timers), or the waiting pid
        Term from;
        Term message;               // nonValue: a receive timeout
        std::unique_ptr<Heap> heap; // holds `message`
    };

    // Starts the threads unless started; false once stopped (startMutex_ held).
    bool startLocked();
    void workerLoop(unsigned index);
    Process* takeWork(unsigned index);
    void runSlice(Process& p, unsigned index);
    bool allWorkersAsleep() const;
    void timerLoop();
    void addTimer(Clock::time_point at, uint64_t id, Timer&& t);
    void fire(Timer& t);

    Runtime& rt_;
    std::atomic<unsigned> threadCount_{0}; // 0: not chosen, the default applies
    std::mutex startMutex_;
    std::atomic<bool> started_{false};
    std::atomic<bool> stopped_{false}; // set once, by stop(); never cleared
    std::atomic<unsigned> threadsStarted_{0};
    std::vector<std::unique_ptr<Worker>> workers_;
    std::atomic<unsigned> roundRobin_{0};
    std::atomic<uint64_t> switches_{0};
    std::atomic<uint64_t> networkSlices_{0};
    std::atomic<uint64_t> deferredCalls_{0};

    std::mutex timerMutex_;
    std::condition_variable timerCv_;
    std::map<std::pair<Clock::time_point, uint64_t>, Timer> timers_;
    std::unordered_map<uint64_t, Clock::time_point> timerDeadlines_;
    std::thread timerThread_;
};

} // namespace pfun::vm
