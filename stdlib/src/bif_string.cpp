// string functions that are simpler natively: case conversion. The rest of the string
// module is Erlang code in stdlib/erl/string.erl.
#include "bif_util.h"
#include "chars.h"

#include "pfun/vm/binary.h"
#include "pfun/vm/construct.h"

#include <cwctype>

namespace pfun::stdlib::detail {

using vm::Process;
using vm::Term;
namespace atoms = vm::atoms;

namespace {

// Latin-1 case mapping (what string:to_upper/to_lower do on characters), extended
// to the rest of Unicode through the C library for uppercase/lowercase.
char32_t upper(char32_t c) {
    if ((c >= 'a' && c <= 'z') || (c >= 0xe0 && c <= 0xfe && c != 0xf7)) return c - 32;
    if (c < 256) return c;
    return static_cast<char32_t>(std::towupper(static_cast<wint_t>(c)));
}
char32_t lower(char32_t c) {
    if ((c >= 'A' && c <= 'Z') || (c >= 0xc0 && c <= 0xde && c != 0xd7)) return c + 32;
    if (c < 256) return c;
    return static_cast<char32_t>(std::towlower(static_cast<wint_t>(c)));
}

// string:to_upper/to_lower: a character or a flat list of characters.
template <char32_t (*F)(char32_t)>
Term oldCase(Process& p, const Term* a) {
    if (a[0].isSmall() && a[0].small() >= 0) {
        char32_t c = static_cast<char32_t>(a[0].small());
        return c < 256 ? Term::makeSmall(F(c)) : a[0];
    }
    Chars cs;
    if (!flatString(a[0], cs)) return p.error(atoms::kFunctionClause);
    for (auto& c : cs)
        if (c < 256) c = F(c);
    return vm::makeCharList(p.heap(), cs);
}

// string:uppercase/lowercase: chardata in, a list or a UTF-8 binary out (a binary
// argument gives a binary).
template <char32_t (*F)(char32_t)>
Term newCase(Process& p, const Term* a) {
    Chars cs;
    if (!collectChars(a[0], cs, CharMode::Unicode)) return p.error(atoms::kFunctionClause);
    for (auto& c : cs)
        c = F(c);
    if (a[0].isBitstring()) {
        std::string bytes = encodeUtf8(cs);
        return vm::makeBinary(p.heap(), reinterpret_cast<const uint8_t*>(bytes.data()),
                              bytes.size());
    }
    return vm::makeCharList(p.heap(), cs);
}

// unicode:characters_to_list/1 and characters_to_binary/1 for UTF-8 chardata.
Term charactersToList(Process& p, const Term* a) {
    Chars cs;
    if (!collectChars(a[0], cs, CharMode::Unicode)) return p.badarg();
    return vm::makeCharList(p.heap(), cs);
}
Term charactersToBinary(Process& p, const Term* a) {
    Chars cs;
    if (!collectChars(a[0], cs, CharMode::Unicode)) return p.badarg();
    std::string bytes = encodeUtf8(cs);
    return vm::makeBinary(p.heap(), reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

constexpr BifSpec kStringBifs[] = {
    {"unicode", "characters_to_list", 1, charactersToList},
    {"unicode", "characters_to_binary", 1, charactersToBinary},
    {"string", "to_upper", 1, oldCase<upper>},
    {"string", "to_lower", 1, oldCase<lower>},
    {"string", "uppercase", 1, newCase<upper>},
    {"string", "lowercase", 1, newCase<lower>},
};

} // namespace

void registerStringBifs(vm::Runtime& rt) {
    registerTable(rt, kStringBifs);
}

} // namespace pfun::stdlib::detail
