// The linter: the checks erlc makes on a parsed module, with erl_lint's wording, so a
// user sees the messages they know. Errors:
//   variable 'X' is unbound / variable 'X' unsafe in 'case' (line L, column C)
//   function f/N undefined (calls, `fun f/N`, exports) / function f/N already defined
//   illegal guard expression / illegal pattern
// Warnings (never fatal): variable 'X' is unused, variable 'X' shadowed in 'fun',
// function f/N is unused.
//
// Variable scoping follows erl_lint: a body is sequential; the elements of a tuple,
// list, call or operator are siblings that do not see each other's bindings; a
// variable bound in only some branches of a case/if/receive, or anywhere in a
// try/catch/andalso/orelse, is "unsafe" afterwards; funs and comprehensions bind
// nothing outside themselves.
//
// The walk recurses over the AST, whose depth the parser bounds, and never walks a
// list's spine recursively.
#pragma once

#include "pfun/compiler/ast.h"
#include "pfun/compiler/diagnostics.h"

namespace pfun::compiler {

struct LintOptions {
    bool warnUnusedVars = true;
    bool warnUnusedFunctions = true;
    bool warnShadowed = true;
};

void lintModuleWith(const Module& module, const LintOptions& options, Diagnostics& diags);

} // namespace pfun::compiler
