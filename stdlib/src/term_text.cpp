#include "term_text.h"

#include "pfun/vm/binary.h"
#include "pfun/vm/code.h"
#include "pfun/vm/float_format.h"
#include "pfun/vm/map.h"
#include "pfun/vm/number.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace pfun::stdlib::detail {

using vm::BoxKind;
using vm::Term;

Chars decodeUtf8(std::string_view text) {
    Chars out;
    out.reserve(text.size());
    size_t i = 0, n = text.size();
    while (i < n) {
        auto b0 = static_cast<unsigned char>(text[i]);
        int extra = b0 < 0x80         ? 0
                    : (b0 >> 5) == 6  ? 1
                    : (b0 >> 4) == 14 ? 2
                    : (b0 >> 3) == 30 ? 3
                                      : -1;
        char32_t cp = extra == 0   ? b0
                      : extra == 1 ? (b0 & 0x1f)
                      : extra == 2 ? (b0 & 0x0f)
                                   : (b0 & 0x07);
        bool ok = extra >= 0 && i + static_cast<size_t>(extra) < n;
        for (int k = 1; ok && k <= extra; ++k) {
            auto b = static_cast<unsigned char>(text[i + k]);
            if ((b & 0xc0) != 0x80)
                ok = false;
            else
                cp = (cp << 6) | (b & 0x3f);
        }
        if (ok && extra > 0) {
            static constexpr char32_t kMin[] = {0, 0x80, 0x800, 0x10000};
            if (cp < kMin[extra] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) ok = false;
        }
        if (!ok) {
            out.push_back(b0);
            ++i;
        } else {
            out.push_back(cp);
            i += 1 + static_cast<size_t>(extra);
        }
    }
    return out;
}

void appendUtf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xc0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xe0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3f)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
    } else {
        out.push_back(static_cast<char>(0xf0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3f)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3f)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
    }
}

std::string encodeUtf8(std::u32string_view chars) {
    std::string out;
    out.reserve(chars.size());
    for (char32_t c : chars)
        appendUtf8(out, c);
    return out;
}

Chars atomChars(const vm::AtomTable& atoms, Term atom) {
    return decodeUtf8(atoms.name(atom));
}

namespace {

bool isNameChar(char32_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '@' || (c >= 0xdf && c <= 0xff && c != 0xf7) ||
           (c >= 0xc0 && c <= 0xde && c != 0xd7);
}

bool isReservedWord(std::u32string_view s) {
    static constexpr std::u32string_view kWords[] = {
        U"after", U"and",  U"andalso", U"band",   U"begin",   U"bnot", U"bor", U"bsl",  U"bsr",
        U"bxor",  U"case", U"catch",   U"cond",   U"div",     U"end",  U"fun", U"if",   U"let",
        U"not",   U"of",   U"or",      U"orelse", U"receive", U"rem",  U"try", U"when", U"xor"};
    for (auto w : kWords)
        if (w == s) return true;
    return false;
}

} // namespace

bool atomNeedsQuotes(std::u32string_view name) {
    if (name.empty()) return true;
    char32_t c = name[0];
    bool lowerStart = (c >= 'a' && c <= 'z') || (c >= 0xdf && c <= 0xff && c != 0xf7);
    if (!lowerStart) return true;
    for (size_t i = 1; i < name.size(); ++i)
        if (!isNameChar(name[i])) return true;
    return isReservedWord(name);
}

void writeAtom(Chars& out, const vm::AtomTable& atoms, Term atom, bool unicode) {
    Chars name = atomChars(atoms, atom);
    if (atomNeedsQuotes(name)) {
        writeQuoted(out, name, U'\'', unicode);
    } else {
        out += name;
    }
}

void writeQuoted(Chars& out, std::u32string_view s, char32_t quote, bool unicode) {
    out.push_back(quote);
    for (char32_t c : s) {
        if (c == quote || c == '\\') {
            out.push_back('\\');
            out.push_back(c);
        } else if (c >= 32 && c <= 126) {
            out.push_back(c);
        } else if (c >= 160 && (c <= 255 || unicode)) {
            out.push_back(c);
        } else if (c == '\n') {
            appendAscii(out, "\\n");
        } else if (c == '\r') {
            appendAscii(out, "\\r");
        } else if (c == '\t') {
            appendAscii(out, "\\t");
        } else if (c == '\v') {
            appendAscii(out, "\\v");
        } else if (c == '\b') {
            appendAscii(out, "\\b");
        } else if (c == '\f') {
            appendAscii(out, "\\f");
        } else if (c == 27) {
            appendAscii(out, "\\e");
        } else if (c == 127) {
            appendAscii(out, "\\d");
        } else if (c < 160) {
            out.push_back('\\');
            out.push_back('0' + ((c >> 6) & 7));
            out.push_back('0' + ((c >> 3) & 7));
            out.push_back('0' + (c & 7));
        } else {
            char buf[16];
            int n = std::snprintf(buf, sizeof buf, "\\x{%X}", static_cast<unsigned>(c));
            appendAscii(out, std::string_view(buf, static_cast<size_t>(n)));
        }
    }
    out.push_back(quote);
}

std::string integerText(Term integer, int base) {
    if (integer.isSmall() && base == 10) {
        char buf[32];
        auto r = std::to_chars(buf, buf + sizeof buf, integer.small());
        return std::string(buf, r.ptr);
    }
    return vm::integerToString(integer, base);
}

std::string floatShortestText(double d) {
    return vm::formatFloatShortest(d);
}

void writePid(Chars& out, const vm::AtomTable&, Term pid) {
    char buf[64];
    int n;
    if (pid.isLocalPid()) {
        n = std::snprintf(buf, sizeof buf, "<0.%llu.0>",
                          static_cast<unsigned long long>(pid.pidNumber()));
    } else {
        // The node part is the node atom's index plus one: the same for every pid of
        // that node, different for every other node, and read back by list_to_pid/1.
        const Term* p = pid.boxedPtr();
        n = std::snprintf(buf, sizeof buf, "<%u.%llu.%llu>", p[1].atomIndex() + 1,
                          static_cast<unsigned long long>(p[2].raw()),
                          static_cast<unsigned long long>(p[3].raw()));
    }
    appendAscii(out, std::string_view(buf, static_cast<size_t>(n)));
}

void writeRef(Chars& out, Term ref) {
    const Term* p = ref.boxedPtr();
    uint64_t w0 = p[1].raw(), w1 = p[0].headerArity() > 1 ? p[2].raw() : 0;
    char buf[96];
    int n = std::snprintf(
        buf, sizeof buf, "#Ref<0.%llu.%llu.%llu>", static_cast<unsigned long long>(w1 >> 32),
        static_cast<unsigned long long>(w1 & 0xffffffffu), static_cast<unsigned long long>(w0));
    appendAscii(out, std::string_view(buf, static_cast<size_t>(n)));
}

void writeFun(Chars& out, const vm::AtomTable& atoms, Term fun) {
    const Term* p = fun.boxedPtr();
    if (fun.boxKind() == BoxKind::Export) {
        appendAscii(out, "fun ");
        writeAtom(out, atoms, p[1]);
        out.push_back(':');
        writeAtom(out, atoms, p[2]);
        out.push_back('/');
        appendAscii(out, std::to_string(p[3].isSmall() ? p[3].small() : 0));
        return;
    }
    const auto* entry = reinterpret_cast<const vm::FunEntry*>(p[1].raw());
    appendAscii(out, "#Fun<");
    if (entry) {
        out += atomChars(atoms, entry->module);
        out.push_back('.');
        appendAscii(out, std::to_string(entry->index));
        out.push_back('.');
        appendAscii(out, std::to_string(entry->uniq));
    }
    out.push_back('>');
}

void mapPairs(Term map, std::vector<std::pair<Term, Term>>& out) {
    std::vector<Term> keys, values;
    vm::mapCollect(map, keys, values);
    out.reserve(out.size() + keys.size());
    for (size_t i = 0; i < keys.size(); ++i)
        out.emplace_back(keys[i], values[i]);
}

BitstringBytes bitstringBytes(Term bin) {
    BitstringBytes r;
    vm::BinaryView v = vm::binaryView(bin);
    uint64_t whole = v.bitSize / 8;
    r.bytes.resize(whole);
    if (whole)
        vm::copyBits(reinterpret_cast<uint8_t*>(r.bytes.data()), 0, v.data, v.bitOffset, whole * 8);
    r.tailBits = static_cast<unsigned>(v.bitSize % 8);
    if (r.tailBits) {
        uint8_t b = 0;
        vm::copyBits(&b, 0, v.data, v.bitOffset + whole * 8, r.tailBits);
        r.tailValue = b >> (8 - r.tailBits);
    }
    return r;
}

} // namespace pfun::stdlib::detail
