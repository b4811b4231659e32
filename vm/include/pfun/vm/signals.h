// Sending and handling signals between local processes (messages, exits, links,
// monitors) with Erlang's semantics.
//
// Senders run on any thread and only ever push onto the receiver's SignalQueue and
// wake it; the receiver acts on its signals itself, on its own thread, in arrival
// order (handleSignals). That keeps every process's links, monitors, mailbox and
// heap single-threaded.
#pragma once

#include "pfun/vm/process.h"
#include "pfun/vm/signal.h"

namespace pfun::vm {

class Runtime;

// Delivers `s` to the local process `to` and wakes it if it waits. false when there
// is no such process (or it is ending): the signal was not delivered.
bool sendSignal(Runtime& rt, Term to, Signal&& s, const Process* waker);

// `to ! msg` from process `from`: a local pid, or a registered name (false: no
// process has that name, which the caller reports as badarg). A message to a dead
// pid is dropped silently, as in Erlang. A message to another node's pid whose
// connection is busy still goes, and sets from.parkRequested (back-pressure,
// distribution.h).
bool sendMessage(Process& from, Term to, Term msg);

// Makes a Waiting process runnable (if it still waits) and gets it run: enqueued on a
// scheduler, or its host thread woken.
void wake(Runtime& rt, Process& target, const Process* waker);

// Wakes `pid` from a park that waits for a condition rather than a message (code
// that had to be fetched, a busy connection that drained): a signal that does
// nothing when handled. A signal and not a bare wake(), because only a pending
// signal is seen by a process that is still on its way to parking (the scheduler
// checks for signals after it parked), so the wake-up is never lost. false when
// there is no such process.
bool nudge(Runtime& rt, Term pid);

// Takes in every pending signal (owning thread only). false when the process must
// die: the exit is recorded as its pending exception (class exit) and `killed` is
// set so that no handler catches it.
bool handleSignals(Process& p);

// Answers a signal that reached `dead` after its end: a link gets an exit signal
// with reason noproc, a monitor an immediate 'DOWN' with noproc; others are dropped.
void refuseSignal(Runtime& rt, const Process& dead, Signal& s);

// Records that `p` must die with `reason` (class exit, past every handler); returns
// false for use as `return kill(p, R);`.
bool killProcess(Process& p, Term reason);

// A reference term with id number `ref` (monitor references are kept as numbers).
Term makeRefTerm(Heap& heap, uint64_t ref);

} // namespace pfun::vm
