// Term printing as erl does it: io_lib:write (~w) and io_lib_pretty (~p).
//
// Both work on characters (code points): io_lib:format returns character lists and
// the pretty printer's line breaking counts characters. The std::string results are
// what erl's standard output device writes: erl -noshell runs a latin-1 device, so a
// character below 256 is one byte and a character above is written as \x{H}.
//
// ~p follows io_lib_pretty of OTP 25 rule for rule (fits-on-the-line test, tagged tuple
// indentation, map pair layout, printable list detection with the latin-1 range even
// for ~tp), because programs are judged by printing exactly what erl prints.
#pragma once

#include "pfun/vm/atom.h"
#include "pfun/vm/runtime.h"
#include "pfun/vm/term.h"

#include <string>
#include <string_view>

namespace pfun::stdlib {

// ~w: the term on one line; depth < 0 means unlimited (~W gives a depth).
std::u32string writeTermChars(const vm::AtomTable&, vm::Term, int depth = -1, bool unicode = false);

struct PrintOptions {
    int column = 1;       // where the term starts on its line (1 = first column)
    int lineLength = 80;  // ~p's field width
    int depth = -1;       // ~P's depth; < 0 means unlimited
    bool unicode = false; // ~tp
    bool strings = true;  // ~lp turns string detection off
};
// ~p: the term laid out over lines of at most lineLength characters where possible.
std::u32string printTermChars(const vm::AtomTable&, vm::Term, const PrintOptions& = {});

// The same, as the bytes erl's standard output writes.
std::string writeTerm(const vm::Runtime&, vm::Term, int depth = -1);
std::string printTerm(const vm::Runtime&, vm::Term, int column = 1, int lineLength = 80,
                      int depth = -1, bool unicode = false);

// Characters to the bytes of a latin-1 output device (see the header comment).
std::string toDeviceBytes(std::u32string_view chars);

} // namespace pfun::stdlib
