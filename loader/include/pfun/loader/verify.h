// The bytecode verifier: the structural properties the interpreter relies on, checked
// before code from outside (a .pfb file, later the network) can run, and after every
// compilation (the compiler's self check calls it).
//
// What a module that passes is guaranteed to have (docs/internals/pfb.md lists the
// checks one by one):
//  - every function: 1 <= frameSize <= kMaxRegisters, arity <= frameSize, non-empty
//    code made of whole instructions with known opcodes, whose last instruction
//    never falls through past the end;
//  - every register operand, and every register window an operand implies (call
//    arguments, tuple and map elements, bit-syntax segments, captured variables,
//    try's three result registers), inside the frame; unused operand fields zero;
//  - literal, call-target, BIF, lambda and jump-table indices in range; a CALL's
//    argument count equal to its target's arity, a BIF's to the BIF's arity; type
//    test, comparison and error kinds valid;
//  - every jump offset (operands and jump tables) landing on an instruction boundary
//    inside the function, and never on itself; offset 0 ("raise") only where the
//    instruction may raise;
//  - the lambda table consistent with the functions that are lambda bodies, and
//    each lambda body's frame large enough for arguments, captured values and self;
//    export indices in range; line tables sorted;
//  - on every path through the function (verify_flow.cpp): every register read has
//    been written (arguments, and for a lambda body its captured values and itself,
//    are written at entry; a call leaves garbage above its result register);
//    GET_HD/GET_TL/GET_LIST read a register known to hold a list cell and GET_ELEM a
//    tuple known to have that element; SPILL_PUT writes only into a spill area that
//    SPILL_NEW made in the frame (at most 65,536 elements); exception handlers nest (same handler
//    stack wherever paths join, TRY_END pops one, no return or tail call with a handler of the
//    frame still pushed);
//  - when the module carries its source text, every function's source range lies
//    inside it.
// With these, code that passes cannot make the interpreter read or write outside the
// function's code, tables and frame, nor read a term of a shape it does not expect.
#pragma once

#include "pfun/vm/code.h"

#include <cstddef>
#include <string>

namespace pfun::loader {

// Checks one function. `lambdaCount` is the size of its module's lambda table (for L
// operands, and MAKE_FUN's captured-value window). Returns "" when the function is
// well formed, else one line per problem ("<label> @<pc>: <what>"), at most a few
// dozen lines.
std::string verifyFunction(const vm::FunctionCode& fn, const vm::ModuleCode* module,
                           std::string_view label);

// Checks every function and the module-level tables. Returns "" when well formed.
std::string verifyModule(const vm::ModuleCode& module);

} // namespace pfun::loader
