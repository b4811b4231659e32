// The interpreter: runs bytecode (isa.h) in a Process.
//
// Two ways in:
//  - runProcess: what a scheduler calls. Runs a process from its resume point for
//    one time slice, until it waits in `receive`, or until it ends.
//  - callFunction / callMfa / callFun: a host drives a process itself, on its own
//    thread, until the called function returns or an exception escapes it. The
//    process may still receive messages from scheduled processes: while it waits,
//    the host thread blocks (waking on a message or the receive timeout).
// Neither lets an Erlang error escape as a C++ exception. Calls nest: a native entry
// pushes a boundary frame, so a later host callback made from inside running code
// would work the same way.
//
// The returned Terms live in the process heap: use them (or copy them) before the
// next call into the process, whose collections may move them.
#pragma once

#include "pfun/vm/code.h"
#include "pfun/vm/process.h"
#include "pfun/vm/term.h"

#include <span>

namespace pfun::vm {

struct CallResult {
    bool ok = false;
    Term value;                                 // when ok
    ExceptionClass cls = ExceptionClass::Error; // when !ok
    Term reason;
    Term stacktrace; // Erlang's list of {M, F, ArityOrArgs, Location}
};

enum class RunStatus : uint8_t {
    Returned, // the entry function returned: p.exitValue
    Raised,   // an exception escaped: p.exceptionClass/Reason/Stacktrace
    Yielded,  // the time slice is used up; resume later
    Waiting,  // waiting in receive; resume when woken
};

// Continues `p` from p.resume (scheduler use).
RunStatus runProcess(Process& p);

// Calls a bytecode function with `args` (args.size() must equal fn->arity).
CallResult callFunction(Process& p, const FunctionCode* fn, std::span<const Term> args);

// Calls Module:Name(Args...) through the runtime's export slot, loading the module
// through the runtime's module loader if needed; undef when it does not exist.
CallResult callMfa(Process& p, Term module, Term name, std::span<const Term> args);

// Calls a fun term (badfun / badarity as Erlang raises them).
CallResult callFun(Process& p, Term fun, std::span<const Term> args);

} // namespace pfun::vm
