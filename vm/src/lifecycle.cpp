#include "pfun/vm/lifecycle.h"

#include "pfun/vm/construct.h"
#include "pfun/vm/copy.h"
#include "pfun/vm/process_registry.h"
#include "pfun/vm/runtime.h"
#include "pfun/vm/scheduler.h"
#include "pfun/vm/signals.h"

#include <algorithm>

namespace pfun::vm {

std::shared_ptr<Process> spawnProcess(Runtime& rt, Process* parent, Term module, Term function,
                                      Term args, SpawnOptions& options) {
    size_t words = termSizeWords(args) + (module.isNonValue() ? termSizeWords(function) : 0);
    auto child = std::make_shared<Process>(rt, std::max<size_t>(words, 1));
    Process& c = *child;
    Heap& heap = c.heap();
    // Start in erlang:apply/2 (Fun, Args) or apply/3 (M, F, Args), frame base 0.
    const uint32_t arity = module.isNonValue() ? 2 : 3;
    const FunctionCode* apply = rt.applyCode(arity);
    c.frameTop = c.frameData();
    *c.frameTop++ = CallFrame{nullptr, nullptr, 0, 0};
    c.reserveStack(std::max<uint32_t>(apply->frameSize, arity));
    Term* S = c.stack();
    if (arity == 2) {
        S[0] = copyTerm(function, heap);
        S[1] = copyTerm(args, heap);
    } else {
        S[0] = module;
        S[1] = function;
        S[2] = copyTerm(args, heap);
    }
    c.entryFrames = 0;
    c.entryHandlers = 0;
    c.resume = ResumePoint{apply, nullptr, 0, arity};
    if (options.onExit)
        c.exitHook = std::make_unique<std::function<void(Process&, RunStatus)>>(options.onExit);
    if (parent) {
        if (parent->spawnedByPeer) {
            c.spawnedByPeer = true;
            c.maxHeapWords = parent->maxHeapWords;
            c.maxMailbox = parent->maxMailbox;
            c.reductionBudget = parent->reductionBudget;
        }
        if (options.link) {
            parent->links.push_back(c.self());
            c.links.push_back(parent->self());
        }
        if (options.monitor) {
            options.monitorRef = rt.uniqueInteger();
            parent->monitoring.push_back({options.monitorRef, c.self()});
            c.monitoredBy.push_back({options.monitorRef, parent->self()});
        }
    }
    if (options.beforeStart) options.beforeStart(c);
    rt.processes().add(child);
    rt.scheduler().enqueue(c, parent);
    return child;
}

Term exitReasonOf(Process& p, RunStatus how) {
    if (how == RunStatus::Returned) return atoms::kNormal;
    Heap& heap = p.heap();
    Term reason = p.exceptionReason();
    Term stack = p.exceptionStacktrace();
    if (stack.isNonValue()) stack = Term::nil();
    switch (p.exceptionClass()) {
    case ExceptionClass::Exit: return reason;
    case ExceptionClass::Error: return makeTuple(heap, {reason, stack});
    case ExceptionClass::Throw:
        return makeTuple(heap, {makeTuple(heap, {atoms::kNocatch, reason}), stack});
    }
    return reason;
}

namespace {

Term classAtom(ExceptionClass c) {
    switch (c) {
    case ExceptionClass::Error: return atoms::kError;
    case ExceptionClass::Throw: return atoms::kThrow;
    case ExceptionClass::Exit: return atoms::kExit;
    }
    return atoms::kError;
}

} // namespace

Term outcomeOf(Process& p, RunStatus how) {
    Heap& heap = p.heap();
    if (how == RunStatus::Returned) return makeTuple(heap, {atoms::kOk, p.exitValue});
    Term reason = p.exceptionReason();
    if (p.codeUnavailable && p.exceptionClass() == ExceptionClass::Error && reason.isTuple() &&
        reason.tupleArity() == 2 && reason.tupleElements()[0].isAtom() &&
        p.runtime().atoms().name(reason.tupleElements()[0]) == "code_unavailable")
        return makeTuple(heap, {atoms::kError, reason});
    return makeTuple(heap,
                     {atoms::kError, makeTuple(heap, {classAtom(p.exceptionClass()), reason})});
}

void finishProcess(Process& p, RunStatus how) {
    Runtime& rt = p.runtime();
    p.state.store(ProcessState::Exiting);
    // Whatever is still queued arrived too late: links and monitors made now see
    // a process that no longer exists.
    for (Signal& s : p.signals().close())
        refuseSignal(rt, p, s);
    const Term reason = exitReasonOf(p, how);
    const Term self = p.self();

    // The name and the outcome go first: whoever hears of the end through a link or
    // a monitor finds the name free and the result available.
    rt.processes().unregisterPid(self);

    rt.processes().publishResult(self, outcomeOf(p, how));

    for (Term linked : p.links)
        sendSignal(rt, linked, makeSignal(SignalKind::LinkExit, self, reason), &p);
    for (const MonitorEntry& m : p.monitoredBy)
        sendSignal(rt, m.pid, makeSignal(SignalKind::Down, self, reason, m.ref), &p);
    for (const MonitorEntry& m : p.monitoring)
        sendSignal(rt, m.pid, makeSignal(SignalKind::Demonitor, self, Term::nil(), m.ref), &p);

    // Erlang reports a crash (error or throw) of a process nobody asked about; exits
    // are deliberate and stay quiet.
    if (p.exitHook)
        (*p.exitHook)(p, how);
    else if (how == RunStatus::Raised && !p.killed && p.exceptionClass() != ExceptionClass::Exit)
        rt.reportCrash(p, reason);

    rt.processes().remove(self); // may destroy p: nothing after this
}

} // namespace pfun::vm
