// A readable S-expression rendering of the AST, for tests and `pfun compile --dump=ast`.
//
// One node per parenthesised form, e.g. f(X) -> X + 1. prints as
//   (function f/1 (clause (X) -> (+ X 1)))
// Atoms print bare (quoted when needed), variables by name, strings in double quotes.
// Locations are not printed; the form is stable so tests may compare it verbatim.
#pragma once

#include "pfun/compiler/ast.h"

#include <string>

namespace pfun::compiler {

std::string printAst(const Module& module);
std::string printExpr(const Expr& expr);

} // namespace pfun::compiler
