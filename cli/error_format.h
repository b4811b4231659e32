// Uncaught exceptions as people read them: the format of Erlang's shell and escript
// (erl_error:format_exception), e.g.
//
//   ** exception error: no match of right hand side value 2
//        in function  m:main/1 (m.erl, line 5)
//        in call from m:start/0 (m.erl, line 9)
//
// Reasons get erl's explanations (badarith, function_clause, undef, ...); a failing
// BIF or operator shows "called as ..." with its arguments.
#pragma once

#include "pfun/vm/process.h"
#include "pfun/vm/runtime.h"
#include "pfun/vm/term.h"

#include <string>

namespace pfun::cli {

std::string formatException(const vm::Runtime& rt, vm::ExceptionClass cls, vm::Term reason,
                            vm::Term stacktrace);

// A term as io_lib:print would show it starting at `column` (1-based).
std::string termText(const vm::Runtime& rt, vm::Term t, int column = 1);

} // namespace pfun::cli
