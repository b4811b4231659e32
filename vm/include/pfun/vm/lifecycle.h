// Birth and death of processes.
//
// spawnProcess copies the function and arguments into a new process's heap, links or
// monitors it if asked, publishes it in the registry and queues it. The new process
// starts in erlang:apply/2,3, so a missing module or function fails inside it with
// undef, as in Erlang, not in the spawner.
//
// finishProcess is the one way a scheduled process ends (return, uncaught exception,
// kill). In order: close its signal queue (signals still in it are answered as if
// they came too late), compute the exit reason, tell links (exit signals) and
// monitors ('DOWN'), drop its registered name, publish its outcome for get_result,
// report a crash, and leave the pid table.
#pragma once

#include "pfun/vm/interpreter.h"
#include "pfun/vm/process.h"

#include <functional>
#include <memory>

namespace pfun::vm {

struct SpawnOptions {
    bool link = false;
    bool monitor = false;
    uint64_t monitorRef = 0; // out: the monitor's reference number
    // For a host waiting on the process (`pfun run`'s main/1): called on the
    // process's thread as it ends, with its outcome still readable; the host then
    // reports a crash itself (no error report is printed).
    std::function<void(Process&, RunStatus)> onExit;
    // Called with the new process before it is scheduled (and so before it can run,
    // end or be seen by anyone): what must be known about it from its first
    // instruction (the node a shipped process came from) is recorded here.
    std::function<void(Process&)> beforeStart;
};

// Spawns Fun() (module is nonValue) or Module:Function(Args...). `parent` may be
// null (a host spawning); link/monitor need a parent. Arguments are copied.
std::shared_ptr<Process> spawnProcess(Runtime& rt, Process* parent, Term module, Term function,
                                      Term args, SpawnOptions& options);

void finishProcess(Process& p, RunStatus how);

// What get_result answers for a process that ended: {ok, Value}, or
// {error, {Class, Reason}} for an uncaught exception, or {error, {code_unavailable,
// Hash}} when the runtime ended it for code it could not have. Built in p's heap.
Term outcomeOf(Process& p, RunStatus how);

// Erlang's exit reason for an outcome: normal; {Reason, Stack} for error;
// {{nocatch, Reason}, Stack} for throw; Reason for exit. Built in p's heap.
Term exitReasonOf(Process& p, RunStatus how);

} // namespace pfun::vm
