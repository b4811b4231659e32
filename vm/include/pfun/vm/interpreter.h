// The interpreter: runs bytecode (isa.h) in a Process.
//
// A host enters Erlang code through these functions; each runs until the called
// function returns or an exception escapes it, and never lets an Erlang error
// escape as a C++ exception. Calls nest: a native entry pushes a boundary frame,
// so a later host callback made from inside running code would work the same way.
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

// Calls a bytecode function with `args` (args.size() must equal fn->arity).
CallResult callFunction(Process& p, const FunctionCode* fn, std::span<const Term> args);

// Calls Module:Name(Args...) through the runtime's export slot, loading the module
// through the runtime's module loader if needed; undef when it does not exist.
CallResult callMfa(Process& p, Term module, Term name, std::span<const Term> args);

// Calls a fun term (badfun / badarity as Erlang raises them).
CallResult callFun(Process& p, Term fun, std::span<const Term> args);

} // namespace pfun::vm
