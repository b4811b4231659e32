#include "lexer.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>

namespace pfun::compiler {

namespace {

constexpr std::array<std::string_view, 28> kReserved = {
    "after", "and",    "andalso", "band", "begin", "bnot", "bor", "bsl", "bsr", "bxor",
    "case",  "catch",  "cond",    "div",  "end",   "fun",  "if",  "let", "not", "of",
    "or",    "orelse", "receive", "rem",  "try",   "when", "xor", "pfun"};

// Multi-character operators, longest first so the first match is the longest one.
constexpr std::array<std::string_view, 19> kMultiOps = {
    "=:=", "=/=", "...", "<<", ">>", "<-", "<=", "->", "=>", ":=",
    "||",  "++",  "--",  "==", "/=", "=<", ">=", "::", ".."};

constexpr std::string_view kSingleOps = "()[]{},;:|=+-*/<>!#?.";

struct Char {
    char32_t cp;
    uint32_t byte;
    uint32_t line;
    uint32_t col;
};

bool isDigit(char32_t c) {
    return c >= '0' && c <= '9';
}
// Latin-1 letters count as letters, as in erl_scan; other code points are not allowed
// outside strings, quoted atoms and comments.
bool isLower(char32_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0xFF && c != 0xF7);
}
bool isUpper(char32_t c) {
    return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7);
}
bool isNameChar(char32_t c) {
    return isLower(c) || isUpper(c) || isDigit(c) || c == '_' || c == '@';
}
bool isSpace(char32_t c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
           (c < 32 && c != 0) || c == 0xA0;
}

int digitValue(char32_t c) {
    if (c >= '0' && c <= '9') return int(c - '0');
    if (c >= 'a' && c <= 'z') return int(c - 'a' + 10);
    if (c >= 'A' && c <= 'Z') return int(c - 'A' + 10);
    return 99;
}

std::vector<Char> decode(std::string_view s) {
    std::vector<Char> out;
    out.reserve(s.size() + 1);
    uint32_t line = 1, col = 1;
    size_t i = 0;
    while (i < s.size()) {
        auto b0 = static_cast<unsigned char>(s[i]);
        char32_t cp = b0;
        size_t len = 1;
        auto cont = [&](size_t k) {
            return i + k < s.size() && (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
        };
        if (b0 >= 0xC2 && b0 < 0xE0 && cont(1)) {
            cp = ((b0 & 0x1Fu) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3Fu);
            len = 2;
        } else if (b0 >= 0xE0 && b0 < 0xF0 && cont(1) && cont(2)) {
            cp = ((b0 & 0x0Fu) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 6) |
                 (static_cast<unsigned char>(s[i + 2]) & 0x3Fu);
            len = 3;
        } else if (b0 >= 0xF0 && b0 < 0xF5 && cont(1) && cont(2) && cont(3)) {
            cp = ((b0 & 0x07u) << 18) | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 12) |
                 ((static_cast<unsigned char>(s[i + 2]) & 0x3Fu) << 6) |
                 (static_cast<unsigned char>(s[i + 3]) & 0x3Fu);
            len = 4;
        } // else: a stray byte stands for the Latin-1 character of the same value
        out.push_back({cp, static_cast<uint32_t>(i), line, col});
        if (cp == '\n') {
            ++line;
            col = 1;
        } else {
            ++col;
        }
        i += len;
    }
    out.push_back({0, static_cast<uint32_t>(s.size()), line, col}); // sentinel
    return out;
}

// Arbitrary-size unsigned integer as base-1e9 limbs, just enough to turn a literal
// in any base into decimal text for Expr::bigValue.
struct BigNat {
    std::vector<uint32_t> limbs; // little-endian, base 1e9
    void mulAdd(uint32_t mul, uint32_t add) {
        uint64_t carry = add;
        for (uint32_t& l : limbs) {
            uint64_t v = uint64_t(l) * mul + carry;
            l = uint32_t(v % 1000000000u);
            carry = v / 1000000000u;
        }
        while (carry) {
            limbs.push_back(uint32_t(carry % 1000000000u));
            carry /= 1000000000u;
        }
    }
    std::string toString() const {
        if (limbs.empty()) return "0";
        std::string s = std::to_string(limbs.back());
        for (size_t i = limbs.size() - 1; i-- > 0;) {
            std::string part = std::to_string(limbs[i]);
            s += std::string(9 - part.size(), '0') + part;
        }
        return s;
    }
};

class Lexer {
  public:
    Lexer(std::string_view src, Diagnostics& diags)
        : src_(src), chars_(decode(src)), diags_(diags) {}

    std::vector<Token> run() {
        // Erlang source averages well over four bytes per token; reserving for that
        // saves the vector's doubling copies (a Token is about 140 bytes).
        toks_.reserve(src_.size() / 4 + 8);
        // An escript's first line (#!...) is not Erlang.
        if (chars_.size() > 2 && chars_[0].cp == '#' && chars_[1].cp == '!')
            while (!atEnd() && peek() != '\n')
                ++i_;
        while (true) {
            skipSpaceAndComments();
            if (atEnd()) break;
            lexOne();
        }
        Token eof;
        eof.kind = TokKind::Eof;
        eof.loc = loc();
        eof.begin = eof.end = static_cast<uint32_t>(src_.size());
        toks_.push_back(std::move(eof));
        return std::move(toks_);
    }

  private:
    std::string_view src_;
    std::vector<Char> chars_;
    Diagnostics& diags_;
    size_t i_ = 0;
    std::vector<Token> toks_;

    bool atEnd() const { return i_ + 1 >= chars_.size(); }
    char32_t peek(size_t k = 0) const {
        return i_ + k + 1 < chars_.size() ? chars_[i_ + k].cp : char32_t(0);
    }
    bool hasAt(size_t k) const { return i_ + k + 1 < chars_.size(); }
    Loc loc() const { return {chars_[i_].line, chars_[i_].col}; }
    Loc locAt(size_t idx) const { return {chars_[idx].line, chars_[idx].col}; }

    void skipSpaceAndComments() {
        while (!atEnd()) {
            char32_t c = peek();
            if (c == '%') {
                while (!atEnd() && peek() != '\n')
                    ++i_;
            } else if (isSpace(c)) {
                ++i_;
            } else {
                break;
            }
        }
    }

    Token start(TokKind k, size_t at) {
        Token t;
        t.kind = k;
        t.loc = locAt(at);
        t.begin = chars_[at].byte;
        return t;
    }
    // An already-reported literal that runs to the end of the input: the parser drops
    // the form that contains it without a second message.
    void finishError(size_t at) {
        Token t = start(TokKind::Error, at);
        finish(t);
    }

    void finish(Token& t) {
        t.end = chars_[i_].byte;
        toks_.push_back(std::move(t));
    }

    void lexOne() {
        size_t at = i_;
        char32_t c = peek();
        if (isDigit(c)) return lexNumber();
        if (isLower(c)) {
            std::string name;
            while (!atEnd() && isNameChar(peek()))
                appendUtf8(name, chars_[i_++].cp);
            Token t = start(isReservedWord(name) ? TokKind::Keyword : TokKind::Atom, at);
            t.text = std::move(name);
            return finish(t);
        }
        if (isUpper(c) || c == '_') {
            std::string name;
            while (!atEnd() && isNameChar(peek()))
                appendUtf8(name, chars_[i_++].cp);
            Token t = start(TokKind::Var, at);
            t.text = std::move(name);
            return finish(t);
        }
        if (c == '"') return lexQuoted('"');
        if (c == '\'') return lexQuoted('\'');
        if (c == '$') return lexChar();
        if (c == '.') {
            char32_t n = peek(1);
            if (!hasAt(1) || isSpace(n) || n == '%') {
                Token t = start(TokKind::Dot, at);
                t.text = ".";
                ++i_;
                return finish(t);
            }
        }
        for (std::string_view op : kMultiOps) {
            bool ok = true;
            for (size_t k = 0; k < op.size(); ++k)
                if (peek(k) != char32_t(op[k]) || !hasAt(k)) {
                    ok = false;
                    break;
                }
            if (ok) {
                Token t = start(TokKind::Punct, at);
                t.text = op;
                i_ += op.size();
                return finish(t);
            }
        }
        if (c < 128 && kSingleOps.find(char(c)) != std::string_view::npos) {
            Token t = start(TokKind::Punct, at);
            t.text = std::string(1, char(c));
            ++i_;
            return finish(t);
        }
        // Like erl_scan, any other character is a token of its own, which no grammar
        // rule accepts: the parser reports "syntax error before: '`'".
        Token t = start(TokKind::Punct, at);
        appendUtf8(t.text, c);
        ++i_;
        finish(t);
    }

    // Digits with single underscores between them, in `base`. Returns false when the
    // run is malformed (a trailing or doubled underscore, a digit out of range).
    bool scanDigits(int base, std::string& digits) {
        bool ok = true;
        while (!atEnd()) {
            char32_t c = peek();
            if (c == '_') {
                if (digits.empty() || digitValue(peek(1)) >= base || !hasAt(1)) break;
                ++i_;
                continue;
            }
            if (digitValue(c) >= base) break;
            digits += char(c);
            ++i_;
        }
        return ok && !digits.empty();
    }

    void setInteger(Token& t, const std::string& digits, int base) {
        BigNat n;
        uint64_t v = 0;
        bool fits = true;
        for (char ch : digits) {
            auto d = static_cast<uint32_t>(digitValue(char32_t(ch)));
            n.mulAdd(static_cast<uint32_t>(base), d);
            if (fits) {
                if (v > (uint64_t(INT64_MAX) - d) / uint64_t(base))
                    fits = false;
                else
                    v = v * uint64_t(base) + d;
            }
        }
        if (fits) {
            t.intValue = static_cast<int64_t>(v);
        } else {
            t.bigValue = n.toString();
        }
    }

    void lexNumber() {
        size_t at = i_;
        std::string digits;
        scanDigits(10, digits);
        if (peek() == '#' && hasAt(1)) {
            // base#digits
            long base = digits.size() <= 2 ? std::strtol(digits.c_str(), nullptr, 10) : 99;
            if (base < 2 || base > 36) {
                diags_.error(locAt(at), "illegal base '" + digits + "'");
                Token t = start(TokKind::Integer, at);
                setInteger(t, digits, 10);
                finish(t);
                // The `#` stays a token of its own, marked so that the parser rejects it
                // ("syntax error before: '#'", as erlc says) instead of reading a map
                // or record suffix.
                Token hash = start(TokKind::Punct, i_);
                hash.text = "#";
                hash.intValue = 1;
                ++i_;
                return finish(hash);
            }
            ++i_; // '#'
            std::string bd;
            if (!scanDigits(int(base), bd)) {
                // erl_scan reports `B#` alone and scans on after the `#`; the placeholder
                // token makes the parser report what follows, as erlc does.
                diags_.error(locAt(at), "illegal integer");
                Token t = start(TokKind::Integer, at);
                return finish(t);
            }
            Token t = start(TokKind::Integer, at);
            setInteger(t, bd, int(base));
            return finish(t);
        }
        if (peek() == '.' && isDigit(peek(1)) && hasAt(1)) {
            std::string text = digits + ".";
            ++i_;
            std::string frac;
            scanDigits(10, frac);
            text += frac;
            bool bad = false;
            if (peek() == 'e' || peek() == 'E') {
                size_t save = i_;
                ++i_;
                text += 'e';
                if (peek() == '+' || peek() == '-') text += char(chars_[i_++].cp);
                std::string exp;
                if (!scanDigits(10, exp)) {
                    bad = true;
                    (void)save;
                }
                text += exp;
            }
            if (bad) {
                diags_.error(locAt(at), "illegal float");
                return;
            }
            errno = 0;
            double d = std::strtod(text.c_str(), nullptr);
            if (errno == ERANGE && (d > 1.0 || d < -1.0)) {
                diags_.error(locAt(at), "illegal float");
                return;
            }
            Token t = start(TokKind::Float, at);
            t.floatValue = d;
            return finish(t);
        }
        Token t = start(TokKind::Integer, at);
        setInteger(t, digits, 10);
        finish(t);
    }

    // Reads one escape sequence after the backslash; returns the code point, or -1 at
    // the end of the input.
    long readEscape() {
        if (atEnd()) return -1;
        char32_t c = chars_[i_++].cp;
        switch (c) {
        case 'b': return 8;
        case 'd': return 127;
        case 'e': return 27;
        case 'f': return 12;
        case 'n': return 10;
        case 'r': return 13;
        case 's': return 32;
        case 't': return 9;
        case 'v': return 11;
        case '^':
            if (atEnd()) return -1;
            return long(chars_[i_++].cp & 31);
        case 'x':
            if (peek() == '{') {
                size_t save = i_;
                ++i_;
                long v = 0;
                size_t n = 0;
                while (!atEnd() && digitValue(peek()) < 16) {
                    v = std::min<long>(v * 16 + digitValue(peek()), 0x7FFFFFFF);
                    ++i_;
                    ++n;
                }
                if (peek() == '}' && n > 0) {
                    ++i_;
                    return v;
                }
                i_ = save;
                return 'x';
            } else {
                long v = 0;
                int n = 0;
                while (n < 2 && !atEnd() && digitValue(peek()) < 16) {
                    v = v * 16 + digitValue(peek());
                    ++i_;
                    ++n;
                }
                return n ? v : 'x';
            }
        default:
            if (c >= '0' && c <= '7') {
                long v = long(c - '0');
                for (int n = 0; n < 2 && !atEnd() && peek() >= '0' && peek() <= '7'; ++n)
                    v = v * 8 + long(chars_[i_++].cp - '0');
                return v;
            }
            return long(c);
        }
    }

    void lexQuoted(char32_t quote) {
        size_t at = i_;
        ++i_;
        std::u32string s;
        while (true) {
            if (atEnd()) {
                std::string head;
                appendUtf8(head, quote);
                size_t n = 0;
                for (size_t k = at + 1; k + 1 < chars_.size() && n < 16; ++k, ++n) {
                    char32_t ch = chars_[k].cp;
                    if (ch == '\n')
                        head += "\\n";
                    else if (ch == '\t')
                        head += "\\t";
                    else if (ch == '\\' || ch == quote) {
                        head += '\\';
                        appendUtf8(head, ch);
                    } else
                        appendUtf8(head, ch);
                }
                appendUtf8(head, quote);
                diags_.error(locAt(at), std::string("unterminated ") +
                                            (quote == '"' ? "string" : "atom") + " starting with " +
                                            head);
                return finishError(at);
            }
            char32_t c = chars_[i_].cp;
            if (c == quote) {
                ++i_;
                break;
            }
            if (c == '\\') {
                ++i_;
                long e = readEscape();
                if (e < 0) continue; // end of input: reported above on the next turn
                s += char32_t(e);
            } else {
                s += c;
                ++i_;
            }
        }
        Token t = start(quote == '"' ? TokKind::String : TokKind::Atom, at);
        if (quote == '"') {
            t.str = std::move(s);
        } else {
            for (char32_t ch : s)
                appendUtf8(t.text, ch);
            if (s.size() > 255) diags_.error(locAt(at), "atom too long");
        }
        finish(t);
    }

    void lexChar() {
        size_t at = i_;
        ++i_;
        if (atEnd()) {
            diags_.error(locAt(at), "unterminated character");
            return finishError(at);
        }
        long v;
        if (peek() == '\\') {
            ++i_;
            v = readEscape();
            if (v < 0) {
                diags_.error(locAt(at), "unterminated character");
                return finishError(at);
            }
        } else {
            v = long(chars_[i_++].cp);
        }
        Token t = start(TokKind::Char, at);
        t.intValue = v;
        finish(t);
    }
};

} // namespace

bool isReservedWord(std::string_view word) {
    return std::find(kReserved.begin(), kReserved.end(), word) != kReserved.end();
}

void appendUtf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        cp = std::min<char32_t>(cp, 0x10FFFF);
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}

std::vector<Token> lex(std::string_view source, Diagnostics& diags) {
    return Lexer(source, diags).run();
}

} // namespace pfun::compiler
