// Front end of the compiler pipeline: source text -> checked AST.
//
//   lex -> preprocess (attributes, -define, ?MACRO) -> parse -> lint
//
// Each stage reports into the Diagnostics it is given and carries on where it can,
// so one run reports several errors. No input, however malformed, makes these
// functions crash, assert or loop forever.
#pragma once

#include "pfun/compiler/ast.h"
#include "pfun/compiler/diagnostics.h"

#include <optional>
#include <string_view>

namespace pfun::compiler {

// Lexes, preprocesses and parses a whole file. `fileName` is used for diagnostics
// and, for a script (no -module), its base name without extension is the module name.
// Returns nullopt only when nothing useful could be parsed; check diags.hasErrors().
std::optional<Module> parseModule(std::string_view source, std::string_view fileName,
                                  Diagnostics& diags);

// Parses a sequence of expressions terminated by `.` (shell input, -eval).
// Variables stay free (the shell binds them).
std::optional<ExprList> parseExpressions(std::string_view source, Diagnostics& diags);

// The checks erlc makes that a user relies on: unbound variables, variables unsafe
// in case/if/receive/try, undefined local functions, exported but undefined
// functions, clause head mismatch, illegal guard expressions, and more.
void lintModule(const Module& module, Diagnostics& diags);

} // namespace pfun::compiler
