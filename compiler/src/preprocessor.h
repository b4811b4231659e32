// The preprocessor: runs over the lexer's tokens form by form (a form ends at a Dot)
// and does what epp does before parsing:
//   -define(NAME, Body). / -define(NAME(A, B), Body).   -undef(NAME).
//   -ifdef(NAME). -ifndef(NAME). -else. -endif.          -include("file.hrl").
//   ?NAME  ?NAME(Args)  ?MODULE ?MODULE_STRING ?LINE ?FILE ?FUNCTION_NAME
//   ?FUNCTION_ARITY ?MACHINE ?OTP_RELEASE
// Directive forms vanish from the output; every other form comes out with its
// macros expanded, so the parser never sees a `?`.
//
// Tokens produced by an expansion carry the location of the macro call (the name
// after `?`), except argument tokens, which keep their own; that is where erlc points
// for errors inside expansions. A form with a preprocessing error is dropped whole
// (as epp does), after the error is reported. Expansion depth and output size are
// bounded, so a self-referential macro is an error, not a hang.
#pragma once

#include "pfun/compiler/diagnostics.h"
#include "token.h"

#include <string_view>
#include <vector>

namespace pfun::compiler {

// `fileName` resolves -include paths (relative to the file's directory) and gives
// ?FILE. The result ends with an Eof token.
std::vector<Token> preprocess(std::vector<Token> tokens, std::string_view fileName,
                              Diagnostics& diags);

} // namespace pfun::compiler
