// Process: one Erlang process — its heap, value stack, call frames, exception
// handlers and pending exception.
//
// Layout of execution state (see interpreter.cpp for how the loop uses it):
//  - The value stack is one growable array of Terms. A function's registers are a
//    window stack[base, base + frameSize); a call passes the window starting at the
//    caller's R[A], so arguments are never copied (register windows as in Lua).
//  - Call frames live on a separate stack: each records where to resume the caller
//    (function, pc, base) and the absolute stack slot that receives the result.
//    A frame with fn == nullptr marks the boundary of a native entry (callFunction):
//    returning into it leaves the interpreter.
//  - Exception handlers (TRY/CATCH) live on a third stack; each remembers the frame
//    depth, register base and handler pc of the function that pushed it.
//
// Invariants the garbage collector relies on:
//  - Every stack slot in [0, stackHigh) holds a valid Term (pointing into the current
//    heap, a literal area, or an immediate). After each collection the interpreter
//    refills [liveTop, stackHigh) with nil and lowers stackHigh to liveTop. A caller
//    returned to may then write its registers above stackHigh (a collection in the
//    callee lowered it); those registers lie above the call window, so they are
//    rewritten before any later collection can count them as roots (liveTop is the
//    top of the arguments of the function being entered). Growing the stack keeps
//    every old slot, stackHigh or not.
//  - Collection happens only at safe points (function entry, loop back-edges); the
//    roots are stack[0, liveTop) plus the Term fields of this struct.
//
// Concurrency: a process is touched by one thread at a time — the scheduler thread
// running it, or the host thread driving it (callFunction). Other threads reach it
// only through its SignalQueue (signal.h) and its atomic `state`; everything else
// here belongs to the owning thread. Only the exception API is meant for BIFs; the
// execution state is the interpreter's.
//
// Scheduling states (the transitions are in scheduler.h):
//   Runnable -> Running -> Runnable (yielded) | Waiting (in receive) | Exiting
//   Waiting -> Runnable (a signal or a timeout woke it; exactly one waker wins the
//   compare-exchange and enqueues it, so a process is never queued twice).
#pragma once

#include "pfun/vm/atom.h"
#include "pfun/vm/heap.h"
#include "pfun/vm/mailbox.h"
#include "pfun/vm/page_memory.h"
#include "pfun/vm/signal.h"
#include "pfun/vm/term.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace pfun::vm {

class Runtime;
struct FunctionCode;

// Erlang's exception classes.
enum class ExceptionClass : uint8_t { Error, Throw, Exit };

// Where to resume a caller when the callee returns.
struct CallFrame {
    const FunctionCode* fn; // caller; nullptr marks a native entry boundary
    const uint32_t* pc;     // caller's next instruction
    uint32_t base;          // caller's register base
    uint32_t result;        // absolute stack slot receiving the callee's result
};

// A TRY or CATCH in progress.
struct ExceptionHandler {
    const FunctionCode* fn; // function that pushed it
    const uint32_t* pc;     // handler code
    uint32_t base;          // that function's register base
    uint32_t frameDepth;    // number of call frames when it was pushed
    uint8_t reg;            // first register receiving the exception
    bool isCatch;           // `catch Expr` (one register) versus try (three)
};

enum class ProcessState : uint8_t { Runnable, Running, Waiting, Exiting };
enum class RunStatus : uint8_t;

// Where execute() continues a process: with pc == nullptr, a call of `fn` whose
// first `live` registers (at `base`) hold its arguments; otherwise the instruction
// at pc of `fn`, whose registers start at `base` (after a yield or a wait).
struct ResumePoint {
    const FunctionCode* fn = nullptr;
    const uint32_t* pc = nullptr;
    uint32_t base = 0;
    uint32_t live = 0;
};

// A monitor in either direction: `ref` is the reference's number (its first id
// word), `pid` the other process.
struct MonitorEntry {
    uint64_t ref;
    Term pid;
    Term name = Term::nil(); // monitor(process, Name): 'DOWN' names {Name, Node}
};

// A host thread driving a process itself (callFunction) waits here while the
// process waits in `receive`.
struct HostWait {
    std::mutex mutex;
    std::condition_variable cv;
};

class Process {
  public:
    // Default stack limit: 32 Mi words (256 MiB), far beyond 1,000,000 frames of
    // ordinary functions. Exceeding it raises system_limit instead of exhausting the
    // machine.
    static constexpr size_t kDefaultMaxStackWords = size_t(1) << 25;
    static constexpr size_t kDefaultMaxFrames = size_t(1) << 23;
    static constexpr int32_t kReductionsPerSlice = 4000;
    // Small first allocations: a node may hold a million idle processes. Stack,
    // frames and heap all grow on demand.
    static constexpr size_t kInitialHeapWords = 128;
    static constexpr size_t kInitialStackWords = 8;
    static constexpr size_t kInitialFrames = 2;

    // `heapWords`: the first heap block (spawn sizes it to the copied function and
    // arguments, so an idle process holds no more than it needs).
    explicit Process(Runtime& rt, size_t heapWords = kInitialHeapWords);
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;
    ~Process();

    Runtime& runtime() { return runtime_; }
    Heap& heap() { return heap_; }

    // ---- exceptions (the API BIFs use) ----
    // Record an exception and return Term::nonValue(), so a BIF can write
    // `return p.error(atoms::kBadarg);`. When a BIF fails, the interpreter puts the
    // BIF's own {erlang, Name, Args} frame on top of the stacktrace, as BEAM does
    // (except for erlang:error/exit/throw, which raise "from" their caller).
    Term raise(ExceptionClass cls, Term reason) {
        excClass_ = cls;
        excReason_ = reason;
        excStacktrace_ = Term::nonValue();
        return Term::nonValue();
    }
    Term error(Term reason) { return raise(ExceptionClass::Error, reason); }
    Term badarg() { return error(atoms::kBadarg); }
    Term badarith() { return error(atoms::kBadarith); }
    // erlang:raise/3: re-raise with a given stacktrace (already validated by the
    // caller: a list of {M, F, ArityOrArgs, Location} tuples), used as is.
    Term raiseWithStacktrace(ExceptionClass cls, Term reason, Term stacktrace) {
        excClass_ = cls;
        excReason_ = reason;
        excStacktrace_ = stacktrace;
        return Term::nonValue();
    }
    ExceptionClass exceptionClass() const { return excClass_; }
    Term exceptionReason() const { return excReason_; }
    // The stacktrace of the pending exception; nonValue until the interpreter has
    // built it (or raiseWithStacktrace provided it).
    Term exceptionStacktrace() const { return excStacktrace_; }
    void setExceptionStacktrace(Term st) { excStacktrace_ = st; }

    // ---- identity and per-process state (for BIFs) ----
    // This process's pid (a local pid immediate, unique within the runtime).
    Term self() const { return pid_; }
    // The process dictionary (put/get/erase): a list of {Key, Value} tuples, owned by
    // BIFs; traced by the collector.
    Term& dictionary() { return dictionary_; }

    // ---- mailbox and signals ----
    // Messages already received into this heap, oldest first (traced by the
    // collector). `receive` scans it with a cursor (RECV_* instructions); when the
    // cursor reaches the end, handleSignals() moves newly arrived signals in.
    void deliver(Term message) { mailbox_.push(message); }
    size_t mailboxSize() const { return mailbox_.size(); }
    Mailbox& mailbox() { return mailbox_; }
    size_t receiveCursor = 0;
    // Other processes' signals to this one (any thread may push).
    SignalQueue& signals() { return signals_; }

    // ---- scheduling (scheduler.h, signals.h) ----
    std::atomic<ProcessState> state{ProcessState::Runnable};
    ResumePoint resume;
    // Frame and handler depth of the current native entry (restored on return).
    uint32_t entryFrames = 0;
    uint32_t entryHandlers = 0;
    // Scheduler that ran it last (queue affinity); -1: none yet; the number of
    // workers: the network thread (Scheduler::NetworkSlices).
    int32_t lastScheduler = -1;
    // Set by a BIF that must not block the thread it runs on
    // (Scheduler::deferBlockingCall): its failure is a yield, and the call runs again.
    bool retryCallOnWorker = false;
    // The value of the function a finished run returned (a collector root).
    Term exitValue = Term::nil();
    // Set when the process was told to die (exit signal, limit): the interpreter
    // unwinds past every handler. The reason is the pending exception's.
    bool killed = false;
    // Set when the runtime raised {code_unavailable, Hash} in it (code it called could
    // not be had from any node): an outcome it did not choose, so get_result says
    // {error, {code_unavailable, Hash}} rather than naming an exception class.
    bool codeUnavailable = false;
    // receive ... after: the deadline of the wait in progress.
    bool waitArmed = false;
    bool waitInfinite = false;
    bool waitTimerSet = false; // the scheduler armed a timer for this wait
    // Set by a BIF whose work is done but whose process must not run on yet: a remote
    // send found its connection busy (distribution.h, back-pressure). The
    // interpreter parks the process after the BIF, as in receive, and it continues
    // with the next instruction once a signal wakes it (signals.h nudge()).
    bool parkRequested = false;
    std::chrono::steady_clock::time_point waitDeadline;
    // Non-null while a host thread drives this process (callFunction).
    std::unique_ptr<HostWait> host;
    // Called as the process ends, if a host asked (lifecycle.h SpawnOptions).
    std::unique_ptr<std::function<void(Process&, RunStatus)>> exitHook;

    // ---- links and monitors (owned by this process's thread) ----
    bool trapExit = false;
    std::vector<Term> links;               // linked local pids
    std::vector<MonitorEntry> monitoring;  // monitors this process holds
    std::vector<MonitorEntry> monitoredBy; // monitors others hold on it
    // Its heap size as other threads may read it (erlang:memory(processes)),
    // refreshed by the owner each time it stops running.
    std::atomic<size_t> publishedHeapWords{0};
    void publishInfo() {
        publishedHeapWords.store(heap_.capacityWords(), std::memory_order_relaxed);
    }
    // Limits (0: none). Exceeding one kills the process ({limit, heap} / mailbox /
    // reductions).
    size_t maxHeapWords = 0;
    size_t maxMailbox = 0;
    // Reductions this process and every process it spawns may still spend together
    // (null: no limit), charged a time slice at a time; whoever finds it spent dies
    // with {limit, reductions}. Shared so that spawning cannot escape it.
    std::shared_ptr<std::atomic<int64_t>> reductionBudget;
    // A peer spawned this process, or an ancestor of it, here: its children take its
    // limits (and share its reduction budget), and it may not change what the node
    // accepts (net:set_policy).
    bool spawnedByPeer = false;

    // ---- garbage collection ----
    // Stress mode: collect at every safe point (tests use it to flush out missing
    // roots). Inherited from the runtime at creation.
    bool gcStress() const { return gcStress_; }
    void setGcStress(bool on);
    // Collect now, with stack[0, liveTop) as the stack roots. Only the interpreter
    // calls this, at a safe point.
    void collect(size_t liveTop, size_t extraWords = 0);
    size_t collections() const { return collections_; }

    // ---- execution state (interpreter only) ----
    Term* stack() { return stack_.data(); }
    size_t stackCapacity() const { return stack_.capacity(); }
    size_t stackHigh() const { return stackHigh_; }
    size_t maxStackWords() const { return maxStackWords_; }
    void setMaxStackWords(size_t w) { maxStackWords_ = w; }
    // Makes stack[0, need) usable (allocating and nil-filling as needed) and raises
    // stackHigh to `need`. Returns false if that exceeds the stack limit.
    bool reserveStack(size_t need) {
        if (need <= stackHigh_) [[likely]]
            return true;
        return reserveStackSlow(need);
    }

    // Call frames: [frameData(), frameTop). Pushing checks frameTop == frameLimit and
    // then calls growFrames(), which fails past the frame limit.
    CallFrame* frameTop = nullptr;
    CallFrame* frameLimit = nullptr;
    CallFrame* frameData() { return frames_.data(); }
    size_t frameDepth() const { return size_t(frameTop - frames_.data()); }
    bool growFrames();
    size_t maxFrames() const { return maxFrames_; }
    void setMaxFrames(size_t n);

    std::vector<ExceptionHandler> handlers;
    int32_t reductions = kReductionsPerSlice;

  private:
    bool reserveStackSlow(size_t need);

    // Hot fields first. Both stacks grow in place once they are big
    // (GrowableArray), so deep recursion neither copies nor re-fills them.
    GrowableArray<Term> stack_{kInitialStackWords};
    size_t stackHigh_ = 0;
    size_t maxStackWords_ = kDefaultMaxStackWords;
    GrowableArray<CallFrame> frames_{kInitialFrames};
    size_t maxFrames_ = kDefaultMaxFrames;
    Runtime& runtime_;
    Heap heap_;
    // Term fields (roots of the collector, see collect()).
    Term excReason_ = Term::nil();
    Term excStacktrace_ = Term::nonValue();
    Term dictionary_ = Term::nil();
    Term pid_;
    Mailbox mailbox_;
    SignalQueue signals_;
    ExceptionClass excClass_ = ExceptionClass::Error;
    bool gcStress_ = false;
    size_t collections_ = 0;
};

} // namespace pfun::vm
