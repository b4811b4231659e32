// Lowering of comprehensions to local recursive functions (as erlc does).
//
//   [T || P <- L, F, Q...]  ==>  '-f/1-lc$^N/1-0-'(L, Free...)   where
//   '-f/1-lc$^N/1-0-'([P | Tail], Free...) -> case F of true -> <Q... with Tail>; _ -> <rest> end;
//   '-f/1-lc$^N/1-0-'([_ | Tail], Free...) -> '-f/1-lc$^N/1-0-'(Tail, Free...);
//   '-f/1-lc$^N/1-0-'([], Free...) -> <continuation>.
// Each generator becomes one function whose exhaustion continues with the enclosing
// generator's next element, so elements are produced in order without appends.
// Binary generators match `<<P, Tail/bitstring>>`; a binary comprehension builds a
// list of bitstrings and joins it with erlang:list_to_bitstring/1.
// Variables bound outside and used inside are passed as extra arguments (Free...);
// generator patterns shadow outer variables, as in Erlang.
#pragma once

#include "codegen.h"

namespace pfun::compiler {

// Returns the expression (a call of the generated function) that replaces `comp`.
ExprPtr lowerComprehension(FunctionGen& g, const Expr& comp, const Env& env);

} // namespace pfun::compiler
