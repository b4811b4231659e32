// io_lib:format: the control sequences (~p ~w ~s ~e ~f ~g ~b ~x ~c ~n ...) of
// io_lib_format in OTP 25, with field width, precision, padding and adjustment.
//
// The result is kept in pieces, because io_lib:format returns a deep list: each literal
// character is its own element and each directive's output is one sub-list (io:format
// just concatenates them). Any malformed format or argument makes the whole call fail
// (the BIF raises badarg), exactly when erl raises it.
#pragma once

#include "term_text.h"

#include "pfun/vm/atom.h"
#include "pfun/vm/term.h"

#include <string>
#include <vector>

namespace pfun::stdlib::detail {

struct FormatPiece {
    bool literal = false; // one literal character per element in the result list
    Chars text;
};

bool formatPieces(const vm::AtomTable&, vm::Term format, vm::Term args,
                  std::vector<FormatPiece>& out);

// The float texts of ~e, ~f and ~g with a given precision (erl's float_e/float_f).
Chars floatE(double d, int precision);
Chars floatF(double d, int precision);

} // namespace pfun::stdlib::detail
