#include "pfun/vm/process_registry.h"

#include "pfun/vm/construct.h"
#include "pfun/vm/copy.h"
#include "pfun/vm/process.h"
#include "pfun/vm/runtime.h"
#include "pfun/vm/signals.h"

#include <algorithm>

namespace pfun::vm {

void ProcessRegistry::add(std::shared_ptr<Process> p) {
    uint64_t n = p->self().pidNumber();
    Shard& s = shardOf(n);
    std::lock_guard lock(s.mutex);
    s.procs.emplace(n, std::move(p));
}

std::shared_ptr<Process> ProcessRegistry::find(Term pid) const {
    if (!pid.isLocalPid()) return nullptr;
    uint64_t n = pid.pidNumber();
    const Shard& s = shardOf(n);
    std::lock_guard lock(s.mutex);
    auto it = s.procs.find(n);
    return it == s.procs.end() ? nullptr : it->second;
}

void ProcessRegistry::remove(Term pid) {
    uint64_t n = pid.pidNumber();
    std::shared_ptr<Process> doomed; // destroyed outside the locks
    {
        Shard& s = shardOf(n);
        std::lock_guard lock(s.mutex);
        auto it = s.procs.find(n);
        if (it == s.procs.end()) return;
        doomed = std::move(it->second);
        s.procs.erase(it);
    }
    // Once out of the table, and not under its lock (subscribeResult takes the two
    // the other way round).
    std::lock_guard results(resultsMutex_);
    publishedLive_.erase(n);
}

size_t ProcessRegistry::count() const {
    size_t n = 0;
    for (const Shard& s : shards_) {
        std::lock_guard lock(s.mutex);
        n += s.procs.size();
    }
    return n;
}

std::vector<Term> ProcessRegistry::pids() const {
    std::vector<uint64_t> numbers;
    for (const Shard& s : shards_) {
        std::lock_guard lock(s.mutex);
        for (const auto& [n, p] : s.procs)
            numbers.push_back(n);
    }
    std::sort(numbers.begin(), numbers.end());
    std::vector<Term> out;
    out.reserve(numbers.size());
    for (uint64_t n : numbers)
        out.push_back(Term::makeLocalPid(n));
    return out;
}

std::vector<std::shared_ptr<Process>> ProcessRegistry::all() const {
    std::vector<std::shared_ptr<Process>> out;
    for (const Shard& s : shards_) {
        std::lock_guard lock(s.mutex);
        for (const auto& [n, p] : s.procs)
            out.push_back(p);
    }
    return out;
}

// ---- names ----

bool ProcessRegistry::registerName(Term name, Term pid) {
    std::lock_guard lock(namesMutex_);
    if (nameByPid_.count(pid.pidNumber())) return false;
    if (!names_.emplace(name.atomIndex(), pid).second) return false;
    nameByPid_.emplace(pid.pidNumber(), name);
    return true;
}

Term ProcessRegistry::unregisterName(Term name) {
    std::lock_guard lock(namesMutex_);
    auto it = names_.find(name.atomIndex());
    if (it == names_.end()) return Term::nonValue();
    Term pid = it->second;
    names_.erase(it);
    nameByPid_.erase(pid.pidNumber());
    return pid;
}

void ProcessRegistry::unregisterPid(Term pid) {
    std::lock_guard lock(namesMutex_);
    auto it = nameByPid_.find(pid.pidNumber());
    if (it == nameByPid_.end()) return;
    names_.erase(it->second.atomIndex());
    nameByPid_.erase(it);
}

Term ProcessRegistry::nameOf(Term pid) const {
    std::lock_guard lock(namesMutex_);
    auto it = nameByPid_.find(pid.pidNumber());
    return it == nameByPid_.end() ? Term::nil() : it->second;
}

Term ProcessRegistry::whereis(Term name) const {
    std::lock_guard lock(namesMutex_);
    auto it = names_.find(name.atomIndex());
    return it == names_.end() ? atoms::kUndefined : it->second;
}

std::vector<Term> ProcessRegistry::registeredNames() const {
    std::lock_guard lock(namesMutex_);
    std::vector<Term> out;
    for (const auto& [atom, pid] : names_)
        out.push_back(Term::makeAtom(atom));
    return out;
}

// ---- results ----

void ProcessRegistry::setResultLimits(ResultLimits limits) {
    std::lock_guard lock(resultsMutex_);
    limits_ = limits;
    evictLocked(std::chrono::steady_clock::now());
}

ResultLimits ProcessRegistry::resultLimits() const {
    std::lock_guard lock(resultsMutex_);
    return limits_;
}

void ProcessRegistry::evictLocked(std::chrono::steady_clock::time_point now) {
    while (!resultOrder_.empty()) {
        uint64_t n = resultOrder_.front();
        auto it = results_.find(n);
        if (it == results_.end()) { // released earlier
            resultOrder_.pop_front();
            continue;
        }
        if (results_.size() <= limits_.maxEntries && now - it->second.at <= limits_.maxAge) break;
        highestForgotten_ = std::max(highestForgotten_, n);
        results_.erase(it);
        resultOrder_.pop_front();
    }
}

namespace {

// {Tag, Ref, Outcome} built in a fresh fragment, ready to send.
Signal resultMessage(Term from, Term tag, uint64_t ref, Term outcome) {
    Signal s;
    s.kind = SignalKind::Message;
    s.from = from;
    s.fragment = std::make_unique<Heap>(termSizeWords(outcome) + 3 + 4, Heap::Exact{});
    Heap& h = *s.fragment;
    Term copy = copyTerm(outcome, h);
    s.payload = makeTuple(h, {tag, makeRefTerm(h, ref), copy});
    return s;
}

} // namespace

void ProcessRegistry::publishResult(Term pid, Term outcome) {
    uint64_t n = pid.pidNumber();
    std::vector<Subscriber> waiting;
    Term stored;
    {
        std::lock_guard lock(resultsMutex_);
        auto now = std::chrono::steady_clock::now();
        StoredResult r;
        r.heap = std::make_unique<Heap>(termSizeWords(outcome), Heap::Exact{});
        r.outcome = copyTerm(outcome, *r.heap);
        r.at = now;
        stored = r.outcome;
        results_[n] = std::move(r);
        resultOrder_.push_back(n);
        publishedLive_.insert(n);
        auto it = subscribers_.find(n);
        if (it != subscribers_.end()) {
            waiting = std::move(it->second);
            subscribers_.erase(it);
        }
        // Messages are built while the entry is certainly still there.
        for (const Subscriber& s : waiting) {
            Signal msg = resultMessage(pid, s.tag, s.ref, stored);
            sendSignal(rt_, s.asker, std::move(msg), nullptr);
        }
        evictLocked(now);
    }
}

void ProcessRegistry::subscribeResult(Process& asker, Term pid, Term tag, uint64_t ref) {
    Heap& heap = asker.heap();
    auto answer = [&](Term outcome) {
        Term copy = copyTerm(outcome, heap);
        asker.deliver(makeTuple(heap, {tag, makeRefTerm(heap, ref), copy}));
    };
    auto error = [&](Term why) { answer(makeTuple(heap, {rt_.atom("error"), why})); };
    if (!pid.isLocalPid()) {
        error(atoms::kNoproc);
        return;
    }
    uint64_t n = pid.pidNumber();
    std::lock_guard lock(resultsMutex_);
    evictLocked(std::chrono::steady_clock::now());
    auto it = results_.find(n);
    if (it != results_.end()) {
        answer(it->second.outcome);
        return;
    }
    // Ended, published and its result already evicted, but not yet removed from the
    // table: waiting would never end.
    if (!publishedLive_.count(n) && find(pid)) {
        subscribers_[n].push_back({asker.self(), tag, ref});
        return;
    }
    error(n <= highestForgotten_ ? rt_.atom("expired") : atoms::kNoproc);
}

void ProcessRegistry::unsubscribeResult(Term pid, uint64_t ref) {
    if (!pid.isLocalPid()) return;
    std::lock_guard lock(resultsMutex_);
    auto it = subscribers_.find(pid.pidNumber());
    if (it == subscribers_.end()) return;
    auto& v = it->second;
    v.erase(std::remove_if(v.begin(), v.end(), [&](const Subscriber& s) { return s.ref == ref; }),
            v.end());
    if (v.empty()) subscribers_.erase(it);
}

bool ProcessRegistry::releaseResult(Term pid) {
    if (!pid.isLocalPid()) return false;
    std::lock_guard lock(resultsMutex_);
    auto it = results_.find(pid.pidNumber());
    if (it == results_.end()) return false;
    highestForgotten_ = std::max(highestForgotten_, pid.pidNumber());
    results_.erase(it);
    return true;
}

size_t ProcessRegistry::storedResults() const {
    std::lock_guard lock(resultsMutex_);
    return results_.size();
}

} // namespace pfun::vm
