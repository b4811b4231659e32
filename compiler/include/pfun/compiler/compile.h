// The compiler back end: a linted AST in, a vm::ModuleCode out.
//
// The passes, in the order compileModule runs them (compile.cpp lists them in one
// function):
//   lower      list/binary comprehensions become local recursive functions, local
//              `fun f/N` a wrapper lambda, strings and negative literals constants
//   match      clause heads become decision trees: every position is tested once,
//              clauses are grouped by constructor (SELECT_VAL / SELECT_ARITY), and a
//              failed block falls through to one shared failure continuation
//   regalloc   registers are a stack (as in Lua): variables keep theirs for their
//              scope, temporaries live above them, and a call window always starts at
//              the top, so every live value is below a call's base register
//   emit       instructions with a line table, then the emitted-code self check
//
// A compiled module never references the AST: literals are copied into the module's
// literal heap and atoms interned in the Runtime's atom table.
#pragma once

#include "pfun/compiler/ast.h"
#include "pfun/compiler/diagnostics.h"
#include "pfun/vm/code.h"
#include "pfun/vm/runtime.h"

#include <memory>
#include <string>
#include <string_view>

namespace pfun::compiler {

struct CompileOptions {
    // When "match", the match compiler appends a readable trace of the decision
    // trees it built to `dumpOut` (pfun compile --dump=match).
    std::string dumpPass;
    std::string* dumpOut = nullptr;
    // Run the emitted-code self check (verify_emitted) and report violations as
    // internal errors. Always on in test builds; cheap enough to keep on.
    bool selfCheck = true;
    // Compile list-building body recursion (`[E | f(...)]`) as a loop over a list
    // builder (isa.h, ISA 2). Off: plain body recursion.
    bool listBuilders = true;
};

// Compiles a parsed, linted module; literals go into the ModuleCode's literal heap,
// atoms into rt.atoms(). Returns null when diags has errors.
std::unique_ptr<vm::ModuleCode> compileModule(const Module& module, std::string_view source,
                                              vm::Runtime& rt, Diagnostics& diags,
                                              const CompileOptions& options = {});

// parse + lint + compile (uses frontend.h).
std::unique_ptr<vm::ModuleCode> compileSource(std::string_view source, std::string_view fileName,
                                              vm::Runtime& rt, Diagnostics& diags,
                                              const CompileOptions& options = {});

// Readable listing of every function (pfun disasm).
std::string disassemble(const vm::ModuleCode& module, const vm::AtomTable& atoms);
std::string disassembleFunction(const vm::FunctionCode& fn, const vm::AtomTable& atoms);
// Term printing for listings: atoms, numbers, lists, tuples, heap binaries and
// exports the way erl writes them (other kinds print as #<term>).
std::string formatLiteral(vm::Term t, const vm::AtomTable& atoms);

// The loader's bytecode verifier (pfun/loader/verify.h) over a compiled module: ""
// when the code is well formed, else one line per violation.
std::string verifyEmitted(const vm::ModuleCode& module);

} // namespace pfun::compiler
