#include "term_json.h"

#include "pfun/stdlib/format.h"
#include "pfun/vm/binary.h"
#include "pfun/vm/float_format.h"
#include "pfun/vm/map.h"
#include "pfun/vm/number.h"
#include "pfun/vm/runtime.h"

#include <cstdio>
#include <vector>

namespace pfun::cli {

namespace {

using vm::Term;

void appendUtf8(std::string& out, uint32_t c) {
    if (c < 0x80) {
        out.push_back(char(c));
    } else if (c < 0x800) {
        out.push_back(char(0xc0 | (c >> 6)));
        out.push_back(char(0x80 | (c & 0x3f)));
    } else if (c < 0x10000) {
        out.push_back(char(0xe0 | (c >> 12)));
        out.push_back(char(0x80 | ((c >> 6) & 0x3f)));
        out.push_back(char(0x80 | (c & 0x3f)));
    } else {
        out.push_back(char(0xf0 | (c >> 18)));
        out.push_back(char(0x80 | ((c >> 12) & 0x3f)));
        out.push_back(char(0x80 | ((c >> 6) & 0x3f)));
        out.push_back(char(0x80 | (c & 0x3f)));
    }
}

// Strict UTF-8 (no overlong forms, no surrogates, nothing past U+10FFFF).
bool validUtf8(const uint8_t* s, size_t n) {
    size_t i = 0;
    while (i < n) {
        uint8_t b = s[i];
        size_t len;
        uint32_t c;
        if (b < 0x80) {
            ++i;
            continue;
        } else if ((b & 0xe0) == 0xc0) {
            len = 2, c = b & 0x1f;
        } else if ((b & 0xf0) == 0xe0) {
            len = 3, c = b & 0x0f;
        } else if ((b & 0xf8) == 0xf0) {
            len = 4, c = b & 0x07;
        } else {
            return false;
        }
        if (i + len > n) return false;
        for (size_t k = 1; k < len; ++k) {
            if ((s[i + k] & 0xc0) != 0x80) return false;
            c = (c << 6) | (s[i + k] & 0x3f);
        }
        if ((len == 2 && c < 0x80) || (len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
            c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
            return false;
        i += len;
    }
    return true;
}

// io_lib:printable_unicode_list/1: what ~tp prints as a string.
bool printableChar(int64_t c) {
    if (c >= 0x20 && c < 0x7f) return true;
    if (c >= 0xa0 && c < 0xd800) return true;
    if (c > 0xdfff && c < 0xfffe) return true;
    if (c > 0xffff && c <= 0x10ffff) return true;
    return c == '\n' || c == '\r' || c == '\t' || c == '\v' || c == '\b' || c == '\f' || c == 0x1b;
}

// The characters of a non-empty proper list of printable characters, or false.
bool printableList(Term t, std::string& utf8) {
    if (!t.isList()) return false;
    std::string out;
    for (; t.isList(); t = t.tail()) {
        Term h = t.head();
        if (!h.isSmall() || !printableChar(h.small())) return false;
        appendUtf8(out, uint32_t(h.small()));
    }
    if (!t.isNil()) return false;
    utf8 = std::move(out);
    return true;
}

// Byte i of a bitstring (bits past its end read as 0), whatever its alignment.
uint8_t byteAt(const vm::BinaryView& v, uint64_t i) {
    uint8_t b = 0;
    for (unsigned k = 0; k < 8; ++k) {
        uint64_t bit = i * 8 + k;
        if (bit >= v.bitSize) break;
        uint64_t at = v.bitOffset + bit;
        if ((v.data[at / 8] >> (7 - at % 8)) & 1) b |= uint8_t(0x80u >> k);
    }
    return b;
}

// The bytes of a binary that is valid UTF-8, or false.
bool utf8Binary(Term t, std::string& utf8) {
    if (!t.isBitstring()) return false;
    vm::BinaryView v = vm::binaryView(t);
    if (!v.isBinary()) return false;
    std::string bytes(v.byteSize(), '\0');
    for (uint64_t i = 0; i < v.byteSize(); ++i)
        bytes[i] = char(byteAt(v, i));
    if (!validUtf8(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size())) return false;
    utf8 = std::move(bytes);
    return true;
}

std::string hexOfBitstring(Term t, uint64_t* bits) {
    static constexpr char kDigits[] = "0123456789abcdef";
    vm::BinaryView v = vm::binaryView(t);
    *bits = v.bitSize;
    std::string hex;
    for (uint64_t i = 0; i < (v.bitSize + 7) / 8; ++i) {
        uint8_t b = byteAt(v, i);
        hex.push_back(kDigits[b >> 4]);
        hex.push_back(kDigits[b & 15]);
    }
    return hex;
}

// ~w text as UTF-8 (writeTerm gives latin-1 device bytes).
std::string writtenText(const vm::Runtime& rt, Term t) {
    std::string out;
    for (char32_t c : stdlib::writeTermChars(rt.atoms(), t, -1, true))
        appendUtf8(out, uint32_t(c));
    return out;
}

class Encoder {
  public:
    explicit Encoder(const vm::Runtime& rt) : rt_(rt) {}

    void value(Term t) {
        if (t.isInteger()) {
            out_ += vm::integerToString(t);
        } else if (t.isFloat()) {
            out_ += vm::formatFloatShortest(t.floatValue());
        } else if (t.isAtom()) {
            const std::string& name = rt_.atoms().name(t);
            if (name == "true" || name == "false" || name == "null")
                out_ += name;
            else
                out_ += jsonString(name);
        } else if (t.isBitstring()) {
            std::string text;
            if (utf8Binary(t, text)) {
                out_ += jsonString(text);
            } else {
                uint64_t bits = 0;
                std::string hex = hexOfBitstring(t, &bits);
                out_ += "{\"hex\":" + jsonString(hex);
                if (bits % 8) out_ += ",\"bits\":" + std::to_string(bits);
                out_ += "}";
            }
        } else if (t.isNil()) {
            out_ += "[]";
        } else if (t.isList()) {
            list(t);
        } else if (t.isTuple()) {
            out_ += '[';
            for (uint64_t i = 0; i < t.tupleArity(); ++i) {
                if (i) out_ += ',';
                value(t.element(i));
            }
            out_ += ']';
        } else if (t.isMap()) {
            map(t);
        } else {
            out_ += jsonString(writtenText(rt_, t));
        }
    }

    std::string take() { return std::move(out_); }

  private:
    void list(Term t) {
        std::string text;
        if (printableList(t, text)) {
            out_ += jsonString(text);
            return;
        }
        Term l = t;
        for (; l.isList(); l = l.tail()) {
        }
        bool proper = l.isNil();
        out_ += proper ? "[" : "{\"list\":[";
        bool first = true;
        for (l = t; l.isList(); l = l.tail()) {
            if (!first) out_ += ',';
            first = false;
            value(l.head());
        }
        out_ += ']';
        if (!proper) {
            out_ += ",\"tail\":";
            value(l);
            out_ += '}';
        }
    }

    void map(Term t) {
        std::vector<Term> keys, values;
        vm::mapCollect(t, keys, values, vm::MapOrder::Iterator);
        out_ += '{';
        for (size_t i = 0; i < keys.size(); ++i) {
            if (i) out_ += ',';
            out_ += jsonString(keyText(keys[i]));
            out_ += ':';
            value(values[i]);
        }
        out_ += '}';
    }

    std::string keyText(Term k) {
        std::string text;
        if (k.isAtom()) return rt_.atoms().name(k);
        if (utf8Binary(k, text) || printableList(k, text)) return text;
        return writtenText(rt_, k);
    }

    const vm::Runtime& rt_;
    std::string out_;
};

} // namespace

std::string jsonString(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 2);
    out += '"';
    for (char ch : text) {
        auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += char(c);
            }
        }
    }
    out += '"';
    return out;
}

std::string termToJson(const vm::Runtime& rt, vm::Term t) {
    Encoder e(rt);
    e.value(t);
    return e.take();
}

} // namespace pfun::cli
