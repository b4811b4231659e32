// The lexer: UTF-8 source text -> tokens with 1-based line and column.
//
// Columns count code points, and a tab counts as one column, as erl_scan does, so
// locations match what erlc prints. Malformed tokens (unterminated strings, illegal
// integers, stray bytes) are reported and skipped; the lexer never stops early except
// at the end of the input, and always ends the vector with an Eof token.
#pragma once

#include "pfun/compiler/diagnostics.h"
#include "token.h"

#include <string_view>
#include <vector>

namespace pfun::compiler {

std::vector<Token> lex(std::string_view source, Diagnostics& diags);

// True for the words erl_scan reserves, plus `pfun`.
bool isReservedWord(std::string_view word);

// Encodes one code point as UTF-8 (used for atom names made from code points).
void appendUtf8(std::string& out, char32_t cp);

} // namespace pfun::compiler
