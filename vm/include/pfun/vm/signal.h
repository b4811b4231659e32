// Signals: everything one process tells another — messages, exit signals, link and
// monitor requests — travels as a Signal through the receiver's SignalQueue.
//
// Why one queue for all kinds: Erlang guarantees that signals from one sender arrive
// in the order they were sent, whatever their kind (a message sent before an exit
// signal is in the mailbox before the exit is acted on). One FIFO per receiver gives
// that for free.
//
// Ownership: a signal's terms live in its own heap fragment (a copy made by the
// sender), so the sender never touches the receiver's heap. Only the receiver's
// owning thread takes signals out (Process::handleSignals), and a received message's
// fragment is adopted by the receiver's heap without another copy.
//
// Closing: when a process ends it closes its queue under the same lock senders take,
// so every signal is either handled by the process or refused to its sender (who
// then answers it as "noproc" itself) — none is silently lost.
#pragma once

#include "pfun/vm/heap.h"
#include "pfun/vm/term.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace pfun::vm {

enum class SignalKind : uint8_t {
    Message,     // payload: the message
    Exit,        // exit/2 from `from`: payload is the reason (kill is uncatchable)
    LinkExit,    // `from` ended while linked: payload is its exit reason
    Link,        // `from` linked to the receiver
    Unlink,      // `from` removed its link
    Monitor,     // `from` monitors the receiver under reference number `ref`
    Demonitor,   // `from` dropped monitor `ref`
    Down,        // the process `from` that the receiver monitored (`ref`) ended: payload
                 // is its reason; becomes {'DOWN', Ref, process, From, Reason}
    InfoRequest, // process_info from `from`: payload is the item(s); the receiver
                 // replies {'$pfun_info', Ref, Answer}
};

struct Signal {
    SignalKind kind = SignalKind::Message;
    Term from;        // sender pid (an immediate)
    Term payload;     // message or reason; immediate or inside `fragment`
    uint64_t ref = 0; // monitor reference number (Monitor/Demonitor/Down)
    // Holds payload's boxed parts, if any. A batch pushed together (pushAll) may keep
    // the parts of all its payloads in its first signal's fragment: the receiver adopts
    // fragments in queue order before it reads any payload, so the later signals'
    // terms are in its heap by then.
    std::unique_ptr<Heap> fragment;
};

// Makes a signal carrying a copy of `payload` (no fragment when it is an immediate).
Signal makeSignal(SignalKind kind, Term from, Term payload, uint64_t ref = 0);

// A multi-producer queue with a single consumer (the owning process). Guarded by a
// one-byte spin lock rather than a std::mutex (40 bytes): critical sections are a
// few instructions, and a node holds up to a million queues.
class SignalQueue {
    class SpinLock {
        static void relax() {
#if defined(__x86_64__) || defined(__i386__)
            __builtin_ia32_pause();
#else
            std::this_thread::yield();
#endif
        }

      public:
        void lock() {
            while (flag_.exchange(true, std::memory_order_acquire))
                while (flag_.load(std::memory_order_relaxed))
                    relax();
        }
        void unlock() {
            flag_.store(false, std::memory_order_release);
        }

      private:
        std::atomic<bool> flag_{false};
    };

  public:
    // Appends a signal; false (signal untouched) when the queue is closed.
    bool push(Signal&& s) {
        std::lock_guard lock(mutex_);
        if (closed_) return false;
        items_.push_back(std::move(s));
        pending_.store(true, std::memory_order_seq_cst);
        return true;
    }
    // Appends all of `batch` in order under one lock (the receiver takes them in one
    // takeAll, never some of them: signals that share one fragment — see
    // Signal::fragment — rely on it); false (batch untouched) when the queue is closed.
    bool pushAll(std::vector<Signal>& batch) {
        std::lock_guard lock(mutex_);
        if (closed_) return false;
        for (Signal& s : batch)
            items_.push_back(std::move(s));
        pending_.store(true, std::memory_order_seq_cst);
        return true;
    }
    // Moves every queued signal into `out` (appending); the queue stays open.
    void takeAll(std::vector<Signal>& out) {
        std::lock_guard lock(mutex_);
        for (Signal& s : items_)
            out.push_back(std::move(s));
        items_.clear();
        pending_.store(false, std::memory_order_seq_cst);
    }
    // Closes the queue and hands back what was still in it.
    std::vector<Signal> close() {
        std::lock_guard lock(mutex_);
        closed_ = true;
        pending_.store(false, std::memory_order_seq_cst);
        return std::move(items_);
    }
    // True when signals may be waiting (a hint read without the lock).
    bool pending() const {
        return pending_.load(std::memory_order_seq_cst);
    }
    size_t approximateSize() {
        std::lock_guard lock(mutex_);
        return items_.size();
    }

  private:
    SpinLock mutex_;
    std::vector<Signal> items_;
    std::atomic<bool> pending_{false};
    bool closed_ = false;
};

} // namespace pfun::vm
