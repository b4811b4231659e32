// A token of Erlang source, as the lexer produces it and the preprocessor and parser
// consume it.
//
// Punctuation, operators and reserved words share one kind each (Punct, Keyword) with
// their spelling in `text`, so the parser tests `tok.is("->")` rather than juggling a
// hundred enum members. The end of a form (`.` followed by white space, a comment or
// the end of the file) is its own kind, Dot, distinct from the `.` of `R#r.field`:
// the preprocessor and the parser's error recovery both cut the stream at Dots.
#pragma once

#include "pfun/compiler/ast.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace pfun::compiler {

enum class TokKind : uint8_t {
    Atom,    // text: the atom's name (UTF-8), quoted or not
    Var,     // text: the variable's name
    Integer, // intValue, or bigValue (decimal) when it does not fit int64
    Float,   // floatValue
    Char,    // intValue: the code point of $c
    String,  // str: code points (adjacent strings are NOT merged here; the parser does)
    Punct,   // text: operator or punctuation ("->", "(", "=:=", "." ...); a `#` with
             // intValue 1 follows an illegal base (40#1) and is never valid
    Keyword, // text: reserved word ("case", "pfun", "andalso", ...)
    Dot,     // end of a form
    Error,   // a malformed literal the lexer already reported (the form is dropped)
    Eof,
};

struct Token {
    TokKind kind = TokKind::Eof;
    Loc loc;
    uint32_t begin = 0; // byte offsets of the token in the source
    uint32_t end = 0;
    std::string text;
    int64_t intValue = 0;
    std::string bigValue;
    double floatValue = 0;
    std::u32string str;

    bool is(std::string_view s) const {
        return (kind == TokKind::Punct || kind == TokKind::Keyword) && text == s;
    }
    bool isKeyword(std::string_view s) const { return kind == TokKind::Keyword && text == s; }
};

} // namespace pfun::compiler
