#include "pfun/vm/signals.h"

#include "pfun/vm/construct.h"
#include "pfun/vm/copy.h"
#include "pfun/vm/process_registry.h"
#include "pfun/vm/runtime.h"
#include "pfun/vm/scheduler.h"

#include "process_info.h"

#include <algorithm>

namespace pfun::vm {

Signal makeSignal(SignalKind kind, Term from, Term payload, uint64_t ref) {
    Signal s;
    s.kind = kind;
    s.from = from;
    s.ref = ref;
    if (!payload.isBoxed() && !payload.isList()) {
        s.payload = payload;
    } else {
        size_t words = termSizeWords(payload);
        s.fragment = std::make_unique<Heap>(words, Heap::Exact{});
        s.payload = copyTerm(payload, *s.fragment);
    }
    return s;
}

Term makeRefTerm(Heap& heap, uint64_t ref) {
    Term* box = heap.alloc(3);
    box[0] = Term::makeHeader(BoxKind::Ref, 2);
    box[1] = Term::fromRaw(ref);
    box[2] = Term::fromRaw(0);
    return Term::makeBoxed(box);
}

void wake(Runtime& rt, Process& target, const Process* waker) {
    ProcessState expected = ProcessState::Waiting;
    if (!target.state.compare_exchange_strong(expected, ProcessState::Runnable)) return;
    if (target.host) {
        std::lock_guard lock(target.host->mutex);
        target.host->cv.notify_all();
        return;
    }
    rt.scheduler().enqueue(target, waker);
}

bool sendSignal(Runtime& rt, Term to, Signal&& s, const Process* waker) {
    if (!to.isLocalPid()) [[unlikely]] {
        if (!to.isBoxKind(BoxKind::ExtPid)) return false;
        return rt.distribution().routeSignal(to, std::move(s)); // another node's pid
    }
    std::shared_ptr<Process> target = rt.processes().find(to);
    if (!target) return false;
    if (!target->signals().push(std::move(s))) return false;
    wake(rt, *target, waker);
    return true;
}

bool nudge(Runtime& rt, Term pid) {
    // Demonitor of reference 0, which no monitor has: handled as nothing.
    Signal s;
    s.kind = SignalKind::Demonitor;
    s.from = pid;
    s.payload = atoms::kNormal;
    s.ref = 0;
    return sendSignal(rt, pid, std::move(s), nullptr);
}

bool sendMessage(Process& from, Term to, Term msg) {
    Runtime& rt = from.runtime();
    if (to.isAtom()) {
        to = rt.processes().whereis(to);
        if (!to.isPid()) return false;
    }
    if (to == from.self()) {
        // To itself: the message is already in the right heap.
        from.deliver(msg);
        return true;
    }
    if (!to.isLocalPid()) [[unlikely]] {
        // Another node's pid: encoded straight from the sender's heap by the router.
        if (rt.distribution().routeMessageMayPark(to, from.self(), msg)) from.parkRequested = true;
        return true;
    }
    sendSignal(rt, to, makeSignal(SignalKind::Message, from.self(), msg), &from);
    return true;
}

bool killProcess(Process& p, Term reason) {
    p.raise(ExceptionClass::Exit, reason);
    p.setExceptionStacktrace(Term::nil());
    p.killed = true;
    return false;
}

namespace {

void removePid(std::vector<Term>& v, Term pid) {
    v.erase(std::remove(v.begin(), v.end(), pid), v.end());
}

void removeRef(std::vector<MonitorEntry>& v, uint64_t ref) {
    v.erase(std::remove_if(v.begin(), v.end(), [&](const MonitorEntry& m) { return m.ref == ref; }),
            v.end());
}

// An exit signal (from exit/2, or a linked process ending) reaching `p`.
bool exitSignal(Process& p, Term from, Term reason, bool fromLink) {
    Heap& heap = p.heap();
    if (!fromLink && reason == atoms::kKill) return killProcess(p, atoms::kKilled);
    if (p.trapExit) {
        p.deliver(makeTuple(heap, {atoms::kEXIT, from, reason}));
        return true;
    }
    if (reason == atoms::kNormal && from != p.self()) return true;
    return killProcess(p, reason);
}

} // namespace

namespace {

// {'$pfun_info', Ref, Answer} to the process that asked.
// `heap` holds `answer`; the reply is built there too (makeSignal copies it out).
void replyInfo(Runtime& rt, Term from, Term to, uint64_t ref, Term answer, Heap& heap) {
    Term msg = makeTuple(heap, {rt.atom("$pfun_info"), makeRefTerm(heap, ref), answer});
    sendSignal(rt, to, makeSignal(SignalKind::Message, from, msg), nullptr);
}

} // namespace

void refuseSignal(Runtime& rt, const Process& dead, Signal& s) {
    // What a process that is no longer there answers: a link or a monitor made
    // after its death sees it as never having existed.
    if (s.kind == SignalKind::Link)
        sendSignal(rt, s.from, makeSignal(SignalKind::LinkExit, dead.self(), atoms::kNoproc),
                   nullptr);
    else if (s.kind == SignalKind::Monitor)
        sendSignal(rt, s.from, makeSignal(SignalKind::Down, dead.self(), atoms::kNoproc, s.ref),
                   nullptr);
    else if (s.kind == SignalKind::InfoRequest) {
        Heap scratch(8, Heap::Exact{});
        replyInfo(rt, dead.self(), s.from, s.ref, atoms::kUndefined, scratch);
    }
}

bool handleSignals(Process& p) {
    std::vector<Signal> batch;
    p.signals().takeAll(batch);
    bool alive = !p.killed;
    Heap& heap = p.heap();
    Runtime& rt = p.runtime();
    for (Signal& s : batch) {
        // Signals after the one that killed the process find it dead.
        if (!alive) {
            refuseSignal(rt, p, s);
            continue;
        }
        switch (s.kind) {
        case SignalKind::Link:
            if (std::find(p.links.begin(), p.links.end(), s.from) == p.links.end())
                p.links.push_back(s.from);
            continue;
        case SignalKind::Unlink: removePid(p.links, s.from); continue;
        case SignalKind::Monitor: p.monitoredBy.push_back({s.ref, s.from}); continue;
        case SignalKind::Demonitor: removeRef(p.monitoredBy, s.ref); continue;
        default: break;
        }
        if (s.fragment) heap.adopt(std::move(*s.fragment));
        if (s.kind == SignalKind::InfoRequest) {
            replyInfo(rt, p.self(), s.from, s.ref, processInfoAnswer(p, s.payload, true), heap);
            continue;
        }
        switch (s.kind) {
        case SignalKind::Message:
            p.deliver(s.payload);
            if (p.maxMailbox && p.mailboxSize() > p.maxMailbox)
                alive = killProcess(p, makeTuple(heap, {rt.atom("limit"), rt.atom("mailbox")}));
            break;
        case SignalKind::Exit: alive = exitSignal(p, s.from, s.payload, false); break;
        case SignalKind::LinkExit:
            if (std::find(p.links.begin(), p.links.end(), s.from) == p.links.end()) break;
            removePid(p.links, s.from);
            alive = exitSignal(p, s.from, s.payload, true);
            break;
        case SignalKind::Down: {
            auto it = std::find_if(p.monitoring.begin(), p.monitoring.end(),
                                   [&](const MonitorEntry& m) { return m.ref == s.ref; });
            if (it == p.monitoring.end()) break; // demonitored meanwhile
            Term object =
                it->name.isNil() ? s.from : makeTuple(heap, {it->name, rt.atom("nonode@nohost")});
            p.monitoring.erase(it);
            p.deliver(makeTuple(heap, {atoms::kDOWN, makeRefTerm(heap, s.ref), atoms::kProcess,
                                       object, s.payload}));
            break;
        }
        default: break;
        }
    }
    return alive;
}

} // namespace pfun::vm
