// Text pieces shared by the term writers (~w, ~p) and the conversion BIFs: atom
// quoting, string escaping, numbers, pids, refs and funs as Erlang spells them.
//
// Text is built as code points (Chars) rather than bytes: io_lib:format returns a list
// of characters, column arithmetic in the pretty printer counts characters, and only
// the output device decides how characters above 255 become bytes (see format.h).
// Atom names are stored as UTF-8 in the AtomTable and decoded here.
#pragma once

#include "pfun/vm/atom.h"
#include "pfun/vm/term.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pfun::stdlib::detail {

using Chars = std::u32string;

inline void appendAscii(Chars& out, std::string_view s) {
    for (char c : s)
        out.push_back(static_cast<unsigned char>(c));
}

// Code points of UTF-8 text; bytes that are not valid UTF-8 stand for themselves
// (latin-1), so no input is rejected.
Chars decodeUtf8(std::string_view text);
// UTF-8 encoding of code points.
std::string encodeUtf8(std::u32string_view chars);
void appendUtf8(std::string& out, char32_t c);

// The characters of an atom's name.
Chars atomChars(const vm::AtomTable&, vm::Term atom);

// True when the atom must be written between single quotes (io_lib:quote_atom).
bool atomNeedsQuotes(std::u32string_view name);

// Appends an atom as ~w writes it, quoting and escaping when needed.
void writeAtom(Chars& out, const vm::AtomTable&, vm::Term atom, bool unicode = true);

// Appends `s` between `quote` characters with Erlang's escapes (io_lib:write_string).
// In latin-1 mode characters above 255 are written as \x{H}.
void writeQuoted(Chars& out, std::u32string_view s, char32_t quote, bool unicode);

// io_lib:printable_latin1_list on code points.
inline bool isPrintableLatin1(char32_t c) {
    return (c >= 32 && c <= 126) || (c >= 160 && c <= 255) || c == '\n' || c == '\r' || c == '\t' ||
           c == '\v' || c == '\b' || c == '\f' || c == 27;
}

// Decimal (or base 2..36, uppercase) text of an integer term.
std::string integerText(vm::Term integer, int base = 10);
// The shortest text that reads back as the same float, laid out as erl writes it
// (1.0, 0.1, 1.0e10, 1.23e-4).
std::string floatShortestText(double d);

// <0.N.0>, #Ref<...>, #Fun<m.i.u> / fun m:f/a.
void writePid(Chars& out, const vm::AtomTable&, vm::Term pid);
void writeRef(Chars& out, vm::Term ref);
void writeFun(Chars& out, const vm::AtomTable&, vm::Term fun);

// The key/value pairs of a map in the order erl iterates them.
void mapPairs(vm::Term map, std::vector<std::pair<vm::Term, vm::Term>>& out);

// Bytes of a binary (whole bytes only) plus the number of trailing bits (0..7) and
// their value, for printing.
struct BitstringBytes {
    std::string bytes;
    unsigned tailBits = 0;
    unsigned tailValue = 0;
};
BitstringBytes bitstringBytes(vm::Term bin);

} // namespace pfun::stdlib::detail
