// io and io_lib: formatted output (io:format and friends) and formatting to
// character lists (io_lib:format, write, print).
#include "bif_util.h"
#include "chars.h"
#include "format_io.h"
#include "pfun/stdlib/format.h"

#include "pfun/vm/construct.h"

#include <cstdio>

namespace pfun::stdlib::detail {

using vm::Process;
using vm::Term;
namespace atoms = vm::atoms;

namespace {

Chars joinPieces(const std::vector<FormatPiece>& pieces) {
    Chars all;
    for (const auto& p : pieces)
        all += p.text;
    return all;
}

// Where output for an io device goes; false for an unknown device.
bool writeDevice(Process& p, Term device, const Chars& text) {
    std::string bytes = toDeviceBytes(text);
    if (device == atom(p, "standard_io") || device == atom(p, "user")) {
        p.runtime().writeOutput(bytes);
        return true;
    }
    if (device == atom(p, "standard_error")) {
        std::fwrite(bytes.data(), 1, bytes.size(), stderr);
        return true;
    }
    return false;
}

Term doFormat(Process& p, Term device, Term fmt, Term args) {
    std::vector<FormatPiece> pieces;
    if (!formatPieces(p.runtime().atoms(), fmt, args, pieces)) return p.badarg();
    if (!writeDevice(p, device, joinPieces(pieces))) return p.badarg();
    return atoms::kOk;
}

Term ioFormat1(Process& p, const Term* a) {
    return doFormat(p, atom(p, "standard_io"), a[0], Term::nil());
}
Term ioFormat2(Process& p, const Term* a) {
    return doFormat(p, atom(p, "standard_io"), a[0], a[1]);
}
Term ioFormat3(Process& p, const Term* a) {
    return doFormat(p, a[0], a[1], a[2]);
}

Term putChars(Process& p, Term device, Term data) {
    Chars text;
    if (data.isAtom())
        text = atomChars(p.runtime().atoms(), data);
    else if (!collectChars(data, text, CharMode::Unicode))
        return p.badarg();
    if (!writeDevice(p, device, text)) return p.badarg();
    return atoms::kOk;
}
Term ioPutChars1(Process& p, const Term* a) {
    return putChars(p, atom(p, "standard_io"), a[0]);
}
Term ioPutChars2(Process& p, const Term* a) {
    return putChars(p, a[0], a[1]);
}

Term ioNl0(Process& p, const Term*) {
    p.runtime().writeOutput("\n");
    return atoms::kOk;
}
Term ioNl1(Process& p, const Term* a) {
    if (!writeDevice(p, a[0], U"\n")) return p.badarg();
    return atoms::kOk;
}

Term ioWrite1(Process& p, const Term* a) {
    p.runtime().writeOutput(toDeviceBytes(writeTermChars(p.runtime().atoms(), a[0])));
    return atoms::kOk;
}
Term ioWrite2(Process& p, const Term* a) {
    if (!writeDevice(p, a[0], writeTermChars(p.runtime().atoms(), a[1]))) return p.badarg();
    return atoms::kOk;
}

Term ioLibFormat(Process& p, const Term* a) {
    std::vector<FormatPiece> pieces;
    if (!formatPieces(p.runtime().atoms(), a[0], a[1], pieces)) return p.badarg();
    std::vector<Term> elems;
    elems.reserve(pieces.size());
    for (const auto& piece : pieces) {
        if (piece.literal)
            elems.push_back(Term::makeSmall(piece.text[0]));
        else
            elems.push_back(vm::makeCharList(p.heap(), piece.text));
    }
    return vm::makeList(p.heap(), elems);
}

Term ioLibWrite1(Process& p, const Term* a) {
    return vm::makeCharList(p.heap(), writeTermChars(p.runtime().atoms(), a[0]));
}
Term ioLibWrite2(Process& p, const Term* a) {
    if (!a[1].isSmall()) return p.badarg();
    int depth = static_cast<int>(std::clamp<int64_t>(a[1].small(), -1, 1 << 30));
    return vm::makeCharList(p.heap(), writeTermChars(p.runtime().atoms(), a[0], depth));
}
Term ioLibPrint1(Process& p, const Term* a) {
    return vm::makeCharList(p.heap(), printTermChars(p.runtime().atoms(), a[0]));
}
// io_lib:print(Term, Column, LineLength, Depth)
Term ioLibPrint4(Process& p, const Term* a) {
    if (!a[1].isSmall() || !a[2].isSmall() || !a[3].isSmall()) return p.badarg();
    PrintOptions opt;
    opt.column = static_cast<int>(std::clamp<int64_t>(a[1].small(), 1, 1 << 30));
    opt.lineLength = static_cast<int>(std::clamp<int64_t>(a[2].small(), 0, 1 << 30));
    opt.depth = static_cast<int>(std::clamp<int64_t>(a[3].small(), -1, 1 << 30));
    return vm::makeCharList(p.heap(), printTermChars(p.runtime().atoms(), a[0], opt));
}

Term ioLibWriteAtom(Process& p, const Term* a) {
    if (!a[0].isAtom()) return p.badarg();
    Chars out;
    writeAtom(out, p.runtime().atoms(), a[0], true);
    return vm::makeCharList(p.heap(), out);
}
Term ioLibWriteString(Process& p, const Term* a) {
    Chars s;
    if (!flatString(a[0], s)) return p.badarg();
    Chars out;
    writeQuoted(out, s, U'"', true);
    return vm::makeCharList(p.heap(), out);
}
Term ioLibWriteChar(Process& p, const Term* a) {
    if (!a[0].isSmall() || a[0].small() < 0) return p.badarg();
    Chars out = U"$";
    Chars q;
    writeQuoted(q, Chars(1, static_cast<char32_t>(a[0].small())), U'\'', true);
    auto inner = q.substr(1, q.size() - 2);
    out += inner == U"\\'" ? U"'" : inner;
    return vm::makeCharList(p.heap(), out);
}

Term printableLatin1List(Process&, const Term* a) {
    Chars s;
    if (!flatString(a[0], s)) return atoms::kFalse;
    for (char32_t c : s)
        if (!isPrintableLatin1(c)) return atoms::kFalse;
    return atoms::kTrue;
}
Term printableUnicodeList(Process&, const Term* a) {
    Chars s;
    if (!flatString(a[0], s)) return atoms::kFalse;
    for (char32_t c : s) {
        bool ok = isPrintableLatin1(c) || (c > 255 && c < 0xd800) || (c > 0xdfff && c < 0xfffe) ||
                  (c > 0xffff && c <= 0x10ffff);
        if (!ok) return atoms::kFalse;
    }
    return atoms::kTrue;
}
Term charList(Process&, const Term* a) {
    Chars s;
    return vm::boolAtom(flatString(a[0], s));
}

constexpr BifSpec kIoBifs[] = {
    {"io", "format", 1, ioFormat1},
    {"io", "format", 2, ioFormat2},
    {"io", "format", 3, ioFormat3},
    {"io", "fwrite", 1, ioFormat1},
    {"io", "fwrite", 2, ioFormat2},
    {"io", "fwrite", 3, ioFormat3},
    {"io", "put_chars", 1, ioPutChars1},
    {"io", "put_chars", 2, ioPutChars2},
    {"io", "nl", 0, ioNl0},
    {"io", "nl", 1, ioNl1},
    {"io", "write", 1, ioWrite1},
    {"io", "write", 2, ioWrite2},
    {"io_lib", "format", 2, ioLibFormat},
    {"io_lib", "fwrite", 2, ioLibFormat},
    {"io_lib", "write", 1, ioLibWrite1},
    {"io_lib", "write", 2, ioLibWrite2},
    {"io_lib", "print", 1, ioLibPrint1},
    {"io_lib", "print", 4, ioLibPrint4},
    {"io_lib", "write_atom", 1, ioLibWriteAtom},
    {"io_lib", "write_string", 1, ioLibWriteString},
    {"io_lib", "write_char", 1, ioLibWriteChar},
    {"io_lib", "printable_list", 1, printableLatin1List},
    {"io_lib", "printable_latin1_list", 1, printableLatin1List},
    {"io_lib", "printable_unicode_list", 1, printableUnicodeList},
    {"io_lib", "char_list", 1, charList},
};

} // namespace

void registerIoBifs(vm::Runtime& rt) {
    registerTable(rt, kIoBifs);
}

} // namespace pfun::stdlib::detail
