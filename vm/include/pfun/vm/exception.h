// Erlang exceptions as the interpreter raises and reports them.
//
// An exception is (Class, Reason, Stacktrace), held in the Process while it
// propagates. The stacktrace has Erlang's shape, a list of
//     {Module, Function, ArityOrArgs, [{file, "m.erl"}, {line, N}]}
// with the innermost call first and at most kBacktraceDepth entries (BEAM's default
// backtrace_depth). The top entry names the arguments instead of the arity when the
// failure is a function_clause or a failing BIF/operator, as BEAM does. Frames lost
// to tail calls are absent, as in BEAM.
#pragma once

#include "pfun/vm/process.h"
#include "pfun/vm/term.h"

#include <cstddef>
#include <optional>

namespace pfun::vm {

struct FunctionCode;

inline constexpr size_t kBacktraceDepth = 8;

// error / throw / exit
Term exceptionClassAtom(ExceptionClass cls);
std::optional<ExceptionClass> exceptionClassFromAtom(Term atom);

// The value `catch Expr` gives for an exception: the thrown term, {'EXIT', Reason}
// for exits, {'EXIT', {Reason, Stacktrace}} for errors.
Term catchValue(Heap& heap, ExceptionClass cls, Term reason, Term stacktrace);

// A list of `n` terms, in `heap`.
Term makeTermList(Heap& heap, const Term* items, size_t n);

// One stacktrace entry {M, F, ArityOrArgs, Location} for position `pc` (a word index)
// of `fn`; the location is [] when the line is unknown.
Term stackEntry(Heap& heap, const FunctionCode& fn, uint32_t pc, Term arityOrArgs);

// Builds the stacktrace for an exception raised at word `pc` of `fn`, walking the
// process's call frames. `topArgs` (a list, or nonValue for the arity) describes the
// failing function's own entry; `extraTop` (or nonValue) is an entry put above it,
// such as {erlang, '+', [1, a], []} for a failing operator or BIF.
Term buildStacktrace(Process& p, const FunctionCode* fn, uint32_t pc, Term topArgs, Term extraTop);

} // namespace pfun::vm
