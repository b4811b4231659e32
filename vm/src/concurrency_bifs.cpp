// BIFs of Erlang's concurrency: spawning, links, monitors, exit signals, names,
// process inspection, message timers, and the primitives under get_result/1,2.
// Each acts on the calling process directly and on others only through signals
// (signals.h), so no BIF ever touches another process's heap.
#include "process_bifs.h"
#include "process_info.h"

#include "pfun/vm/construct.h"
#include "pfun/vm/lifecycle.h"
#include "pfun/vm/number.h"
#include "pfun/vm/process.h"
#include "pfun/vm/process_registry.h"
#include "pfun/vm/runtime.h"
#include "pfun/vm/scheduler.h"
#include "pfun/vm/signals.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include <unistd.h>

namespace pfun::vm {

namespace {

bool isFunOfArity0(Term f) {
    if (f.isBoxKind(BoxKind::Fun)) {
        const auto* e = reinterpret_cast<const FunEntry*>(f.boxedPtr()[1].raw());
        return e->arity == 0;
    }
    if (f.isBoxKind(BoxKind::Export)) {
        const Term* ex = f.boxedPtr();
        return ex[3].isSmall() && ex[3].small() == 0;
    }
    return false;
}

// {Name, Node} names a registered process; only the local node exists yet, so it
// stands for Name. Anything else is returned as it is.
Term localName(Term t) {
    if (t.isTuple() && t.tupleArity() == 2 && t.element(0).isAtom() && t.element(1).isAtom())
        return t.element(0);
    return t;
}

// spawn/1,3 and their _link/_monitor variants share this body.
Term spawnCommon(Process& p, const Term* a, bool mfa, bool link, bool monitor) {
    Term module = Term::nonValue(), function, args;
    if (mfa) {
        if (!a[0].isAtom() || !a[1].isAtom() || listLength(a[2]) < 0) return p.badarg();
        module = a[0];
        function = a[1];
        args = a[2];
    } else {
        if (!isFunOfArity0(a[0])) return p.badarg();
        function = a[0];
        args = Term::nil();
    }
    SpawnOptions opts;
    opts.link = link;
    opts.monitor = monitor;
    auto child = spawnProcess(p.runtime(), &p, module, function, args, opts);
    Term pid = child->self();
    if (monitor) return makeTuple(p.heap(), {pid, makeRefTerm(p.heap(), opts.monitorRef)});
    return pid;
}

Term spawn1(Process& p, const Term* a) {
    return spawnCommon(p, a, false, false, false);
}
Term spawn3(Process& p, const Term* a) {
    return spawnCommon(p, a, true, false, false);
}
Term spawnLink1(Process& p, const Term* a) {
    return spawnCommon(p, a, false, true, false);
}
Term spawnLink3(Process& p, const Term* a) {
    return spawnCommon(p, a, true, true, false);
}
Term spawnMonitor1(Process& p, const Term* a) {
    return spawnCommon(p, a, false, false, true);
}
Term spawnMonitor3(Process& p, const Term* a) {
    return spawnCommon(p, a, true, false, true);
}

// {Name, Node} for a node other than this one.
bool isRemoteName(Runtime& rt, Term t) {
    return t.isTuple() && t.tupleArity() == 2 && t.element(0).isAtom() && t.element(1).isAtom() &&
           t.element(1) != rt.distribution().nodeName() && t.element(1) != atoms::kNonode;
}

// Why a link or monitor to a pid that cannot be reached fails: the node is gone
// (noconnection) or the process is (noproc).
Term unreachableReason(Term pid) {
    return pid.isLocalPid() ? atoms::kNoproc : atoms::kNoconnection;
}

Term sendBif(Process& p, const Term* a) {
    if (isRemoteName(p.runtime(), a[0])) [[unlikely]] {
        if (p.runtime().distribution().routeNamedMayPark(a[0].element(0), a[0].element(1), p.self(),
                                                         a[1]))
            p.parkRequested = true; // back-pressure: the connection is busy
        return a[1];
    }
    Term to = localName(a[0]);
    if (!to.isPid() && !to.isAtom()) return p.badarg();
    if (!sendMessage(p, to, a[1])) return p.badarg();
    return a[1];
}

Term linkBif(Process& p, const Term* a) {
    Term pid = a[0];
    if (!pid.isPid()) return p.badarg();
    pid = p.runtime().distribution().canonicalPid(pid); // kept in p.links
    if (pid == p.self()) return atoms::kTrue;
    if (std::find(p.links.begin(), p.links.end(), pid) != p.links.end()) return atoms::kTrue;
    if (!sendSignal(p.runtime(), pid, makeSignal(SignalKind::Link, p.self(), Term::nil()), &p)) {
        // No such process: a trapping caller hears {'EXIT', Pid, noproc}, others fail.
        if (!p.trapExit) return p.error(unreachableReason(pid));
        p.deliver(makeTuple(p.heap(), {atoms::kEXIT, pid, unreachableReason(pid)}));
        return atoms::kTrue;
    }
    p.links.push_back(pid);
    return atoms::kTrue;
}

Term unlinkBif(Process& p, const Term* a) {
    Term pid = a[0];
    if (!pid.isPid()) return p.badarg();
    pid = p.runtime().distribution().canonicalPid(pid);
    auto it = std::find(p.links.begin(), p.links.end(), pid);
    if (it != p.links.end()) {
        p.links.erase(it);
        sendSignal(p.runtime(), pid, makeSignal(SignalKind::Unlink, p.self(), Term::nil()), &p);
    }
    return atoms::kTrue;
}

Term exit2Bif(Process& p, const Term* a) {
    Term pid = a[0], reason = a[1];
    if (!pid.isPid()) return p.badarg();
    if (pid == p.self()) {
        // Acted on at once, as a signal to oneself would be.
        if (reason == atoms::kKill) return (killProcess(p, atoms::kKilled), Term::nonValue());
        if (p.trapExit) {
            p.deliver(makeTuple(p.heap(), {atoms::kEXIT, p.self(), reason}));
            return atoms::kTrue;
        }
        return (killProcess(p, reason), Term::nonValue());
    }
    sendSignal(p.runtime(), pid, makeSignal(SignalKind::Exit, p.self(), reason), &p);
    return atoms::kTrue;
}

Term monitorBif(Process& p, const Term* a) {
    if (a[0] != atoms::kProcess) return p.badarg();
    Runtime& rt = p.runtime();
    Term target = localName(a[1]), name = Term::nil();
    if (target.isAtom()) {
        name = target;
        target = rt.processes().whereis(name);
    } else if (!target.isPid()) {
        return p.badarg();
    } else {
        target = rt.distribution().canonicalPid(target); // kept in p.monitoring
    }
    uint64_t ref = rt.uniqueInteger();
    Term refTerm = makeRefTerm(p.heap(), ref);
    if (target.isPid() && target != p.self() &&
        sendSignal(rt, target, makeSignal(SignalKind::Monitor, p.self(), Term::nil(), ref), &p)) {
        p.monitoring.push_back({ref, target, name});
        return refTerm;
    }
    if (target == p.self()) return refTerm; // monitoring oneself never fires
    // Dead or unknown: the 'DOWN' comes at once.
    Term object = name.isNil() ? target : makeTuple(p.heap(), {name, rt.atom("nonode@nohost")});
    p.deliver(makeTuple(p.heap(), {atoms::kDOWN, refTerm, atoms::kProcess, object,
                                   target.isPid() ? unreachableReason(target) : atoms::kNoproc}));
    return refTerm;
}

uint64_t refNumber(Term ref) {
    return ref.boxedPtr()[1].raw();
}

Term demonitorCommon(Process& p, Term ref, bool flush, bool info) {
    if (!ref.isRef()) return p.badarg();
    uint64_t n = refNumber(ref);
    auto it = std::find_if(p.monitoring.begin(), p.monitoring.end(),
                           [&](const MonitorEntry& m) { return m.ref == n; });
    bool active = it != p.monitoring.end();
    if (active) {
        Term target = it->pid;
        p.monitoring.erase(it);
        sendSignal(p.runtime(), target, makeSignal(SignalKind::Demonitor, p.self(), Term::nil(), n),
                   &p);
    }
    bool removed = false;
    if (flush) {
        // Take in what has arrived, then drop any 'DOWN' for this monitor.
        handleSignals(p);
        Mailbox& mb = p.mailbox();
        for (size_t i = 0; i < mb.size();) {
            Term m = mb[i];
            if (m.isTuple() && m.tupleArity() == 5 && m.element(0) == atoms::kDOWN &&
                m.element(1).isRef() && refNumber(m.element(1)) == n) {
                mb.removeAt(i);
                removed = true;
                if (i < p.receiveCursor) --p.receiveCursor;
            } else {
                ++i;
            }
        }
    }
    // erl: with flush, info says whether no 'DOWN' had to be flushed; without, whether
    // the monitor was still active.
    if (info) return boolAtom(flush ? !removed : active);
    return atoms::kTrue;
}

Term demonitor1(Process& p, const Term* a) {
    return demonitorCommon(p, a[0], false, false);
}
Term demonitor2(Process& p, const Term* a) {
    bool flush = false, info = false;
    Term l = a[1];
    for (; l.isList(); l = l.tail()) {
        if (l.head() == p.runtime().atom("flush"))
            flush = true;
        else if (l.head() == p.runtime().atom("info"))
            info = true;
        else
            return p.badarg();
    }
    if (!l.isNil()) return p.badarg();
    return demonitorCommon(p, a[0], flush, info);
}

Term processFlag(Process& p, const Term* a) {
    Runtime& rt = p.runtime();
    if (a[0] == rt.atom("trap_exit")) {
        if (a[1] != atoms::kTrue && a[1] != atoms::kFalse) return p.badarg();
        Term old = boolAtom(p.trapExit);
        p.trapExit = a[1] == atoms::kTrue;
        return old;
    }
    if (a[0] == rt.atom("priority")) return rt.atom("normal");
    if (a[0] == rt.atom("max_heap_size")) {
        if (!a[1].isSmall() || a[1].small() < 0) return p.badarg();
        Term old = Term::makeSmall(int64_t(p.maxHeapWords));
        p.maxHeapWords = size_t(a[1].small());
        return old;
    }
    return p.badarg();
}

Term registerBif(Process& p, const Term* a) {
    Term name = a[0], pid = a[1];
    if (!name.isAtom() || name == atoms::kUndefined || !pid.isLocalPid()) return p.badarg();
    Runtime& rt = p.runtime();
    if (pid != p.self()) {
        std::shared_ptr<Process> target = rt.processes().find(pid);
        if (!target || target->state.load() == ProcessState::Exiting) return p.badarg();
    }
    if (!rt.processes().registerName(name, pid)) return p.badarg();
    return atoms::kTrue;
}

Term unregisterBif(Process& p, const Term* a) {
    if (!a[0].isAtom()) return p.badarg();
    Runtime& rt = p.runtime();
    if (rt.processes().unregisterName(a[0]).isNonValue()) return p.badarg();
    return atoms::kTrue;
}

Term whereisBif(Process& p, const Term* a) {
    if (!a[0].isAtom()) return p.badarg();
    return p.runtime().processes().whereis(a[0]);
}

Term registeredBif(Process& p, const Term*) {
    std::vector<Term> names = p.runtime().processes().registeredNames();
    return makeList(p.heap(), std::span<const Term>(names));
}

Term isProcessAlive(Process& p, const Term* a) {
    if (!a[0].isPid()) return p.badarg();
    if (a[0] == p.self()) return atoms::kTrue;
    auto t = p.runtime().processes().find(a[0]);
    return boolAtom(t && t->state.load() != ProcessState::Exiting);
}

Term processesBif(Process& p, const Term*) {
    std::vector<Term> pids = p.runtime().processes().pids();
    return makeList(p.heap(), std::span<const Term>(pids));
}

// process_info/1,2 (the Erlang side is in stdlib/erl/erlang.erl): for the calling
// process the answer comes at once; another process answers a request signal
// itself, on its own thread, so the caller gets {'$pfun_wait', Ref} and waits for
// {'$pfun_info', Ref, Answer} in an ordinary receive.
Term processInfoBif(Process& p, const Term* a) {
    if (!a[0].isLocalPid() || !processInfoItemsValid(p.runtime(), a[1])) return p.badarg();
    if (a[0] == p.self()) return processInfoAnswer(p, a[1], false);
    uint64_t ref = p.runtime().uniqueInteger();
    if (!sendSignal(p.runtime(), a[0], makeSignal(SignalKind::InfoRequest, p.self(), a[1], ref),
                    &p))
        return atoms::kUndefined;
    return makeTuple(p.heap(), {p.runtime().atom("$pfun_wait"), makeRefTerm(p.heap(), ref)});
}

Term yieldBif(Process&, const Term*) {
    return atoms::kTrue;
}

// list_to_pid("<0.N.0>"): a local pid (node index 0, serial 0); other forms badarg.
Term listToPid(Process& p, const Term* a) {
    std::string text;
    Term l = a[0];
    for (; l.isList(); l = l.tail()) {
        Term c = l.head();
        if (!c.isSmall() || c.small() < 0 || c.small() > 127 || text.size() > 64) return p.badarg();
        text += char(c.small());
    }
    if (!l.isNil() || text.size() < 7 || text.compare(0, 3, "<0.") != 0 ||
        text.compare(text.size() - 3, 3, ".0>") != 0)
        return p.badarg();
    std::string digits = text.substr(3, text.size() - 6);
    if (digits.empty() || digits.size() > 15 ||
        digits.find_first_not_of("0123456789") != std::string::npos)
        return p.badarg();
    return Term::makeLocalPid(std::stoull(digits));
}

// garbage_collect/0: collects at the next safe point (BIFs never move terms).
Term garbageCollect(Process& p, const Term*) {
    p.heap().setGcThresholdWords(0);
    return atoms::kTrue;
}

// The node's resident memory, from the kernel (what `top` shows).
size_t residentBytes() {
    long pages = 0, resident = 0;
    if (FILE* f = std::fopen("/proc/self/statm", "r")) {
        if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
        std::fclose(f);
    }
    return size_t(resident) * size_t(sysconf(_SC_PAGESIZE));
}

// erlang:memory/0,1: `total` is the resident size of the node; `processes` what
// the processes' heaps, stacks and structures take (as last published).
Term memoryItem(Process& p, Term item) {
    Runtime& rt = p.runtime();
    if (item == rt.atom("total")) return makeIntegerU(p.heap(), residentBytes());
    if (item == rt.atom("processes")) {
        size_t bytes = 0;
        for (const auto& q : rt.processes().all())
            bytes += sizeof(Process) +
                     (q.get() == &p ? p.heap().capacityWords() : q->publishedHeapWords.load()) *
                         sizeof(Term);
        return makeIntegerU(p.heap(), bytes);
    }
    return Term::nonValue();
}
Term memory0(Process& p, const Term*) {
    Runtime& rt = p.runtime();
    Term total = rt.atom("total"), procs = rt.atom("processes");
    return makeList(p.heap(), {makeTuple(p.heap(), {total, memoryItem(p, total)}),
                               makeTuple(p.heap(), {procs, memoryItem(p, procs)})});
}
Term memory1(Process& p, const Term* a) {
    if (!a[0].isAtom()) return p.badarg();
    Term v = memoryItem(p, a[0]);
    return v.isNonValue() ? p.badarg() : v;
}

// ---- get_result/1,2 primitives (stdlib/erl/erlang.erl) ----
Term resultSubscribe(Process& p, const Term* a) {
    if (!a[0].isPid()) return p.badarg();
    uint64_t ref = p.runtime().uniqueInteger();
    p.runtime().processes().subscribeResult(p, a[0], p.runtime().atom("$pfun_result"), ref);
    return makeRefTerm(p.heap(), ref);
}

Term resultUnsubscribe(Process& p, const Term* a) {
    if (!a[0].isPid() || !a[1].isRef()) return p.badarg();
    p.runtime().processes().unsubscribeResult(a[0], refNumber(a[1]));
    return atoms::kOk;
}

Term releaseResult(Process& p, const Term* a) {
    if (!a[0].isPid()) return p.badarg();
    return boolAtom(p.runtime().processes().releaseResult(a[0]));
}

// ---- timers ----
Term timerCommon(Process& p, const Term* a, bool withRef) {
    if (!a[0].isSmall() || a[0].small() < 0 || (!a[1].isLocalPid() && !a[1].isAtom()))
        return p.badarg();
    auto at = Scheduler::Clock::now() + std::chrono::milliseconds(a[0].small());
    Heap& heap = p.heap();
    uint64_t id = p.runtime().uniqueInteger();
    Term ref = makeRefTerm(heap, id);
    Term msg = withRef ? makeTuple(heap, {atoms::kTimeout, ref, a[2]}) : a[2];
    p.runtime().scheduler().sendAfter(at, a[1], msg, p.self(), id);
    return ref;
}
Term sendAfter(Process& p, const Term* a) {
    return timerCommon(p, a, false);
}
Term startTimer(Process& p, const Term* a) {
    return timerCommon(p, a, true);
}
Term cancelTimer(Process& p, const Term* a) {
    if (!a[0].isRef()) return p.badarg();
    auto left = p.runtime().scheduler().cancelTimer(refNumber(a[0]));
    return left ? Term::makeSmall(*left) : atoms::kFalse;
}
Term readTimer(Process& p, const Term* a) {
    if (!a[0].isRef()) return p.badarg();
    auto left = p.runtime().scheduler().readTimer(refNumber(a[0]));
    return left ? Term::makeSmall(*left) : atoms::kFalse;
}

} // namespace

void registerConcurrencyBifs(Runtime& rt) {
    BifTable& t = rt.bifs();
    Term e = atoms::kErlang;
    auto add = [&](const char* name, uint32_t arity, BifFn fn, bool guard = false) {
        t.add(e, rt.atom(name), arity, fn, guard);
    };
    add("spawn", 1, spawn1);
    add("spawn", 3, spawn3);
    add("spawn_link", 1, spawnLink1);
    add("spawn_link", 3, spawnLink3);
    add("spawn_monitor", 1, spawnMonitor1);
    add("spawn_monitor", 3, spawnMonitor3);
    add("send", 2, sendBif);
    add("!", 2, sendBif);
    add("link", 1, linkBif);
    add("unlink", 1, unlinkBif);
    add("exit", 2, exit2Bif);
    add("monitor", 2, monitorBif);
    add("demonitor", 1, demonitor1);
    add("demonitor", 2, demonitor2);
    add("process_flag", 2, processFlag);
    add("register", 2, registerBif);
    add("unregister", 1, unregisterBif);
    add("whereis", 1, whereisBif);
    add("registered", 0, registeredBif);
    add("is_process_alive", 1, isProcessAlive);
    add("processes", 0, processesBif);
    add("$process_info", 2, processInfoBif);
    add("yield", 0, yieldBif);
    add("list_to_pid", 1, listToPid);
    add("garbage_collect", 0, garbageCollect);
    add("memory", 0, memory0);
    add("memory", 1, memory1);
    add("$result_subscribe", 1, resultSubscribe);
    add("$result_unsubscribe", 2, resultUnsubscribe);
    add("release_result", 1, releaseResult);
    add("send_after", 3, sendAfter);
    add("start_timer", 3, startTimer);
    add("cancel_timer", 1, cancelTimer);
    add("read_timer", 1, readTimer);
}

} // namespace pfun::vm
