// Reading character data out of terms: Erlang strings, iolists and chardata.
//
// io:format's ~s, io:put_chars, list_to_binary and friends accept nested lists of
// characters and binaries. These walkers flatten them into code points with an
// explicit stack (deep lists cannot overflow the C++ stack) and report malformed
// input as false, which the calling BIF turns into badarg.
#pragma once

#include "term_text.h"

#include "pfun/vm/term.h"

#include <string>

namespace pfun::stdlib::detail {

enum class CharMode {
    Latin1,  // elements 0..255; binaries are bytes (io_lib's iolist_to_chars)
    Unicode, // elements any code point; binaries are UTF-8 (unicode:characters_to_list)
};

// Appends the characters of a (possibly deep) list of characters and binaries, or of a
// binary alone. False when `t` is not such data.
bool collectChars(vm::Term t, Chars& out, CharMode mode);

// iolist bytes: elements 0..255 and binaries, nested. False when not an iolist (or a
// binary with a partial byte).
bool collectIolist(vm::Term t, std::string& out);

// A flat proper list of integers that are valid code points (a "string"); false
// otherwise.
bool flatString(vm::Term t, Chars& out);

} // namespace pfun::stdlib::detail
