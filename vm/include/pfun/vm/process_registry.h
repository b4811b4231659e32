// ProcessRegistry: the node's live processes by pid, its registered names, and the
// results of finished processes that get_result/1,2 hands out.
//
// Thread-safe: every scheduler thread looks pids up to send signals. The pid table is
// sharded by pid number so that senders rarely contend; names and results each
// have one lock (they are touched far less often).
//
// Results: a finished process's outcome ({ok, Value} or {error, {Class, Reason}}) is
// copied into the table before the process leaves the pid table, so an asker always
// finds one or the other. The table is bounded by count and age (ResultLimits):
// the oldest entries are evicted first and then answer {error, expired}, so a
// million spawns never grow the node without bound.
#pragma once

#include "pfun/vm/heap.h"
#include "pfun/vm/term.h"

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace pfun::vm {

class Process;
class Runtime;

struct ResultLimits {
    size_t maxEntries = 100000;
    std::chrono::milliseconds maxAge{std::chrono::minutes(10)};
};

class ProcessRegistry {
  public:
    explicit ProcessRegistry(Runtime& rt) : rt_(rt) {}

    // ---- pid table ----
    void add(std::shared_ptr<Process> p);
    std::shared_ptr<Process> find(Term pid) const; // nullptr unless live and local
    void remove(Term pid);
    size_t count() const;
    std::vector<Term> pids() const; // in pid order
    // Every live process (for shutdown).
    std::vector<std::shared_ptr<Process>> all() const;

    // ---- registered names ----
    // false when the name is taken or the process already has a name.
    bool registerName(Term name, Term pid);
    // The pid of the process the name was unregistered from, or nonValue.
    Term unregisterName(Term name);
    // Drops the name of an ending process, if it has one.
    void unregisterPid(Term pid);
    Term nameOf(Term pid) const;   // its name, or nil
    Term whereis(Term name) const; // pid, or the atom undefined
    std::vector<Term> registeredNames() const;

    // ---- results ----
    void setResultLimits(ResultLimits limits);
    ResultLimits resultLimits() const;
    // Stores a finished process's outcome (copied) and sends {Tag, Ref, Outcome} to
    // every process that subscribed (see subscribeResult).
    void publishResult(Term pid, Term outcome);
    // Asks for `pid`'s outcome: the message {Tag, Ref, Outcome} reaches `asker` now if
    // the outcome is known or cannot come (noproc, expired), or when the process ends.
    void subscribeResult(Process& asker, Term pid, Term tag, uint64_t ref);
    // Drops a subscription that timed out.
    void unsubscribeResult(Term pid, uint64_t ref);
    // Forgets the stored outcome; later askers get {error, expired}.
    bool releaseResult(Term pid);
    size_t storedResults() const;

  private:
    struct Shard {
        mutable std::mutex mutex;
        std::unordered_map<uint64_t, std::shared_ptr<Process>> procs;
    };
    Shard& shardOf(uint64_t n) { return shards_[n % kShards]; }
    const Shard& shardOf(uint64_t n) const { return shards_[n % kShards]; }
    void evictLocked(std::chrono::steady_clock::time_point now);

    struct Subscriber {
        Term asker;
        Term tag;
        uint64_t ref;
    };
    struct StoredResult {
        std::unique_ptr<Heap> heap;
        Term outcome;
        std::chrono::steady_clock::time_point at;
    };

    static constexpr size_t kShards = 32;
    Runtime& rt_;
    std::array<Shard, kShards> shards_;

    mutable std::mutex namesMutex_;
    std::unordered_map<uint32_t, Term> names_;     // atom index -> pid
    std::unordered_map<uint64_t, Term> nameByPid_; // pid number -> atom

    mutable std::mutex resultsMutex_;
    ResultLimits limits_;
    std::unordered_map<uint64_t, StoredResult> results_;
    std::deque<uint64_t> resultOrder_; // pid numbers, oldest first
    std::unordered_map<uint64_t, std::vector<Subscriber>> subscribers_;
    // Processes that published their result and are not yet removed (a process
    // ends in that order): a subscription to one of them whose result is no longer
    // stored was evicted, and must be answered now, not left waiting for a publish
    // that has happened.
    std::unordered_set<uint64_t> publishedLive_;
    uint64_t highestForgotten_ = 0; // pid numbers at or below may have been evicted
};

} // namespace pfun::vm
