// The parser: preprocessed tokens -> Module (or, for shell input, an expression list).
//
// Recursive descent over forms, precedence climbing inside expressions, following
// erl_parse.yrl's grammar and operator table (lowest to highest):
//   catch  <  = !  (right)  <  orelse (right)  <  andalso (right)  <  comparison (non-assoc)
//   <  ++ -- (right)  <  + - bor bxor bsl bsr or xor (left)  <  * / div rem band and (left)
//   <  unary + - bnot not  <  #  <  :
// Patterns are parsed as expressions; the linter decides what may stand in a pattern.
//
// Errors: a syntax error abandons the current form only ("syntax error before: X", as
// erl_parse words it), so the rest of the file is still parsed and checked. Nesting
// depth is bounded (a clean error, never a stack overflow), and so is AST depth, so
// every later recursive pass is safe too.
//
// Records are desugared here, once their -record definitions have been seen:
// #r{...} becomes a tuple, R#r.f an erlang:element/2 call, R#r{...} nested
// erlang:setelement/3 calls, #r.f the field's index; in patterns, unnamed fields are `_`.
#pragma once

#include "pfun/compiler/ast.h"
#include "pfun/compiler/diagnostics.h"
#include "token.h"

#include <optional>
#include <string_view>
#include <vector>

namespace pfun::compiler {

// `tokens` must end with Eof (as lex and preprocess leave them).
Module parseTokens(const std::vector<Token>& tokens, std::string_view fileName, Diagnostics& diags);

std::optional<ExprList> parseExprTokens(const std::vector<Token>& tokens, Diagnostics& diags);

// How erl_parse shows a token in "syntax error before: X".
std::string describeToken(const Token& t);

// A float as Erlang's ~w writes it (shortest round-trip digits), e.g. 0.0, 1.0e10.
std::string formatFloat(double v);

} // namespace pfun::compiler
