// Erlang terms as JSON, for commands that print machine-readable output
// (`pfun status --json`).
//
// The mapping, chosen so that what a shell script or jq most likely wants comes out
// as the plain JSON value and nothing is ever lost silently:
//   integer (any size)   -> number (digits as they are; JSON has no size limit)
//   float                -> number (shortest round-trip digits, always finite)
//   true, false, null    -> true, false, null;  any other atom -> string
//   binary, valid UTF-8  -> string;  other binaries and bitstrings -> {"hex": "..."}
//                           (plus "bits": N when the size is not a whole byte count)
//   list of printable characters (as ~p prints as a string) -> string
//   other proper list, tuple -> array
//   improper list        -> {"list": [...], "tail": Tail}
//   map                  -> object; keys that are atoms, UTF-8 binaries or printable
//                           strings are used as they are, other keys as their ~w text
//   pid, reference, fun, port -> string, as ~w prints them
// Strings are escaped as RFC 8259 requires: '"', '\' and control characters; other
// characters are written as UTF-8. The output is one line, no trailing newline.
#pragma once

#include "pfun/vm/term.h"

#include <string>

namespace pfun::vm {
class Runtime;
}

namespace pfun::cli {

std::string termToJson(const vm::Runtime& rt, vm::Term t);

// `text` (UTF-8) as a JSON string literal, quotes included.
std::string jsonString(std::string_view text);

} // namespace pfun::cli
