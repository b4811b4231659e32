#include "format_io.h"

#include "chars.h"
#include "pfun/stdlib/format.h"

#include <cmath>
#include <cstdio>
#include <optional>

namespace pfun::stdlib::detail {

using vm::Term;

namespace {

constexpr int64_t kNone = -1;

// float_data/1: the 21 significant digits of float_to_list/1 and the exponent E such
// that |d| = 0.DIGITS x 10^E.
void floatData(double d, std::string& digits, int& e) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.20e", std::fabs(d));
    digits.clear();
    const char* p = buf;
    for (; *p && *p != 'e'; ++p)
        if (*p >= '0' && *p <= '9') digits.push_back(*p);
    e = std::atoi(p + 1) + 1;
}

// float_man/3: `before` digits, a point, `after` digits, rounding half up on the
// first dropped digit. Returns true when the rounding carried out of the first digit.
bool floatMan(const std::string& ds, int before, int after, std::string& out) {
    std::string d = ds;
    size_t keep = static_cast<size_t>(before + after);
    if (d.size() < keep) d.append(keep - d.size(), '0');
    bool carry = d.size() > keep && d[keep] >= '5';
    d.resize(keep);
    for (size_t i = keep; carry && i-- > 0;) {
        if (d[i] == '9') {
            d[i] = '0';
        } else {
            d[i] = static_cast<char>(d[i] + 1);
            carry = false;
        }
    }
    out = d.substr(0, static_cast<size_t>(before)) + "." + d.substr(static_cast<size_t>(before));
    return carry;
}

} // namespace

Chars floatE(double d, int precision) {
    std::string ds;
    int e;
    floatData(d, ds, e);
    std::string s = std::signbit(d) ? "-" : "";
    std::string fs;
    if (floatMan(ds, 1, precision - 1, fs)) {
        // 9.99 -> 10.0: the mantissa becomes 1.00 and the exponent grows by one.
        fs[0] = '1';
        s += fs;
        s += e >= 0 ? "e+" + std::to_string(e) : "e" + std::to_string(e);
    } else {
        s += fs;
        s += e - 1 >= 0 ? "e+" + std::to_string(e - 1) : "e" + std::to_string(e - 1);
    }
    Chars out;
    appendAscii(out, s);
    return out;
}

Chars floatF(double d, int precision) {
    std::string ds;
    int e;
    floatData(d, ds, e);
    if (e <= 0) {
        ds = std::string(static_cast<size_t>(-e + 1), '0') + ds;
        e = 1;
    }
    std::string fs;
    std::string s = std::signbit(d) ? "-" : "";
    if (floatMan(ds, e, precision, fs)) s += "1";
    s += fs;
    Chars out;
    appendAscii(out, s);
    return out;
}

namespace {

struct Spec {
    int64_t width = kNone;
    bool left = false;
    int64_t precision = kNone;
    char32_t pad = ' ';
    bool unicode = false;
    bool strings = true;
};

Chars chars(char32_t c, int64_t n) {
    return Chars(static_cast<size_t>(std::max<int64_t>(n, 0)), c);
}

Chars adjust(const Chars& data, const Chars& pad, bool left) {
    return left ? data + pad : pad + data;
}

// term/5: a term's text in a field; too long -> asterisks.
Chars termField(const Chars& t, int64_t f, bool left, int64_t p0, char32_t pad) {
    if (f == kNone && p0 == kNone) return t;
    if (f == kNone) f = p0;
    int64_t l = static_cast<int64_t>(t.size());
    int64_t p = std::min(l, p0 == kNone ? f : std::min(p0, f));
    if (l > p) return adjust(chars('*', p), chars(pad, f - p), left);
    return adjust(t, chars(pad, f - l), left);
}

// string/5 (the caller checked f >= p when both are given).
Chars stringField(const Chars& s, int64_t f, bool left, int64_t p, char32_t pad) {
    auto n = static_cast<int64_t>(s.size());
    auto field = [&](int64_t width) -> Chars {
        if (n > width) return s.substr(0, static_cast<size_t>(width));
        if (n < width) return adjust(s, chars(pad, width - n), left);
        return s;
    };
    if (f == kNone && p == kNone) return s;
    if (p == kNone) return field(f);
    if (f == kNone) {
        left = true;
        return field(p);
    }
    if (f > p) {
        Chars body =
            n > p ? s.substr(0, static_cast<size_t>(p)) : (n < p ? s + chars(pad, p - n) : s);
        return adjust(body, chars(pad, f - p), left);
    }
    return field(f);
}

Chars charField(char32_t c, int64_t f, bool left, int64_t p, char32_t pad) {
    if (f == kNone && p == kNone) return Chars(1, c);
    if (p == kNone) return chars(c, f);
    if (f == kNone) return chars(c, p);
    return adjust(chars(c, p), chars(pad, f - p), left);
}

class Formatter {
  public:
    Formatter(const vm::AtomTable& atoms, std::vector<FormatPiece>& out)
        : atoms_(atoms), out_(out) {}

    bool run(const Chars& fmt, Term args) {
        fmt_ = &fmt;
        args_ = args;
        while (pos_ < fmt.size()) {
            char32_t c = fmt[pos_++];
            if (c != '~') {
                literal(c);
                continue;
            }
            if (!directive()) return false;
        }
        return args_.isNil();
    }

  private:
    void literal(char32_t c) {
        FormatPiece p;
        p.literal = true;
        p.text.push_back(c);
        noteColumn(p.text);
        out_.push_back(std::move(p));
    }
    void emit(Chars text) {
        noteColumn(text);
        FormatPiece p;
        p.text = std::move(text);
        out_.push_back(std::move(p));
    }
    // indentation/2 of io_lib_format: the column after the text so far (tabs to 8).
    void noteColumn(const Chars& text) {
        for (char32_t c : text) {
            if (c == '\n')
                indent_ = 0;
            else if (c == '\t')
                indent_ = ((indent_ + 8) / 8) * 8;
            else
                ++indent_;
        }
    }

    bool nextArg(Term& out) {
        if (!args_.isList()) return false;
        out = args_.head();
        args_ = args_.tail();
        return true;
    }
    bool atEnd() const { return pos_ >= fmt_->size(); }
    char32_t peek() const { return (*fmt_)[pos_]; }

    // field_value/2: '*' (an integer argument), digits, or nothing.
    bool fieldValue(int64_t& v) {
        v = kNone;
        if (atEnd()) return true;
        if (peek() == '*') {
            Term a;
            if (!args_.isList() || !args_.head().isSmall())
                return true; // left for collect_cc to reject
            ++pos_;
            nextArg(a);
            v = a.small();
            return true;
        }
        if (peek() >= '0' && peek() <= '9') {
            int64_t n = 0;
            while (!atEnd() && peek() >= '0' && peek() <= '9') {
                n = n * 10 + (peek() - '0');
                if (n > (int64_t(1) << 40)) return false;
                ++pos_;
            }
            v = n;
        }
        return true;
    }

    bool directive() {
        Spec s;
        // field width, optionally left-adjusted
        bool minus = false;
        if (!atEnd() && peek() == '-') {
            minus = true;
            ++pos_;
        }
        int64_t f;
        if (!fieldValue(f)) return false;
        if (minus) {
            if (f == kNone) return false;
            f = -f;
        }
        if (f != kNone && f < 0) {
            s.left = true;
            f = -f;
        }
        s.width = f;
        // precision
        if (!atEnd() && peek() == '.') {
            ++pos_;
            if (!fieldValue(s.precision)) return false;
            // pad character
            if (!atEnd() && peek() == '.') {
                ++pos_;
                if (atEnd()) return false;
                if (peek() == '*') {
                    ++pos_;
                    Term a;
                    if (!nextArg(a) || !a.isSmall()) return false;
                    s.pad = static_cast<char32_t>(a.small());
                } else {
                    s.pad = peek();
                    ++pos_;
                }
            }
        }
        while (!atEnd() && (peek() == 't' || peek() == 'l')) {
            if (peek() == 't')
                s.unicode = true;
            else
                s.strings = false;
            ++pos_;
        }
        if (atEnd()) return false;
        char32_t c = (*fmt_)[pos_++];
        return control(c, s);
    }

    static int64_t base(int64_t p) { return p == kNone ? 10 : p; }

    bool control(char32_t c, const Spec& s) {
        Term a, b;
        switch (c) {
        case 'w':
            if (!nextArg(a)) return false;
            emit(termField(writeTermChars(atoms_, a, -1, s.unicode), s.width, s.left, s.precision,
                           s.pad));
            return true;
        case 'W':
            if (!nextArg(a) || !nextArg(b) || !b.isSmall()) return false;
            emit(termField(
                writeTermChars(atoms_, a,
                               static_cast<int>(std::clamp<int64_t>(b.small(), -1, 1 << 30)),
                               s.unicode),
                s.width, s.left, s.precision, s.pad));
            return true;
        case 'p':
            if (!nextArg(a)) return false;
            return print(a, -1, s);
        case 'P':
            if (!nextArg(a) || !nextArg(b) || !b.isSmall()) return false;
            return print(a, static_cast<int>(std::clamp<int64_t>(b.small(), -1, 1 << 30)), s);
        case 's': {
            if (!nextArg(a)) return false;
            Chars str;
            if (a.isAtom()) {
                str = atomChars(atoms_, a);
                if (!s.unicode)
                    for (char32_t ch : str)
                        if (ch > 255) return false;
            } else if (!collectChars(a, str, s.unicode ? CharMode::Unicode : CharMode::Latin1)) {
                return false;
            }
            if (s.width != kNone && s.precision != kNone && s.width < s.precision) return false;
            emit(stringField(str, s.width, s.left, s.precision, s.pad));
            return true;
        }
        case 'e':
        case 'f':
        case 'g': {
            if (!nextArg(a) || !a.isFloat()) return false;
            int64_t p = s.precision == kNone ? 6 : s.precision;
            double d = a.floatValue();
            Chars text;
            if (c == 'e') {
                if (p < 2) return false;
                text = floatE(d, static_cast<int>(std::min<int64_t>(p, 1000)));
            } else if (c == 'f') {
                if (p < 1) return false;
                text = floatF(d, static_cast<int>(std::min<int64_t>(p, 1000)));
            } else {
                if (p < 1) return false;
                double ad = std::fabs(d);
                int e = ad < 0.1       ? -2
                        : ad < 1.0     ? -1
                        : ad < 10.0    ? 0
                        : ad < 100.0   ? 1
                        : ad < 1000.0  ? 2
                        : ad < 10000.0 ? 3
                                       : 99;
                if ((p <= 1 && e == -1) || (e != 99 && p - 1 > e && e >= -1)) {
                    text = floatF(d, static_cast<int>(p - 1 - e));
                } else if (p <= 1) {
                    text = floatE(d, 2);
                } else {
                    text = floatE(d, static_cast<int>(std::min<int64_t>(p, 1000)));
                }
            }
            if (s.width == kNone)
                emit(text);
            else
                emit(termField(text, s.width, s.left, s.width, s.pad));
            return true;
        }
        case 'b':
        case 'B':
        case 'x':
        case 'X':
        case '+':
        case '#': {
            if (!nextArg(a) || !a.isInteger()) return false;
            int64_t bs = base(s.precision);
            if (bs < 2 || bs > 36) return false;
            bool lower = c == 'b' || c == 'x' || c == '+';
            Chars prefix;
            if (c == 'x' || c == 'X') {
                if (!nextArg(b)) return false;
                if (b.isAtom())
                    prefix = atomChars(atoms_, b);
                else if (!collectChars(b, prefix, CharMode::Unicode) || b.isBitstring())
                    return false;
            } else if (c == '+' || c == '#') {
                appendAscii(prefix, std::to_string(bs));
                prefix.push_back('#');
            }
            std::string digits = integerText(a, static_cast<int>(bs));
            bool neg = !digits.empty() && digits[0] == '-';
            if (neg) digits.erase(0, 1);
            if (lower)
                for (auto& ch : digits)
                    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
            Chars text;
            if (neg) text.push_back('-');
            text += prefix;
            appendAscii(text, digits);
            emit(termField(text, s.width, s.left, kNone, s.pad));
            return true;
        }
        case 'c': {
            // Without t the argument is taken modulo 256, so -1 prints as 255.
            if (!nextArg(a) || !a.isSmall() || (s.unicode && a.small() < 0)) return false;
            auto ch = static_cast<char32_t>(s.unicode ? a.small() : (a.small() & 255));
            if (s.width != kNone && s.precision != kNone && s.width < s.precision) return false;
            emit(charField(ch, s.width, s.left, s.precision, s.pad));
            return true;
        }
        case '~':
            if (s.width != kNone && s.precision != kNone && s.width < s.precision) return false;
            emit(charField('~', s.width, s.left, s.precision, s.pad));
            return true;
        case 'n': emit(s.width == kNone ? Chars(1, '\n') : chars('\n', s.width)); return true;
        case 'i':
            if (!nextArg(a)) return false;
            emit(Chars());
            return true;
        default: return false;
        }
    }

    bool print(Term a, int depth, const Spec& s) {
        PrintOptions opt;
        opt.lineLength =
            s.width == kNone ? 80 : static_cast<int>(std::min<int64_t>(s.width, 1 << 30));
        opt.column = s.precision == kNone
                         ? static_cast<int>(indent_ + 1)
                         : static_cast<int>(std::min<int64_t>(s.precision, 1 << 30));
        opt.depth = depth;
        opt.unicode = s.unicode;
        opt.strings = s.strings;
        emit(printTermChars(atoms_, a, opt));
        return true;
    }

    const vm::AtomTable& atoms_;
    std::vector<FormatPiece>& out_;
    const Chars* fmt_ = nullptr;
    Term args_;
    size_t pos_ = 0;
    int64_t indent_ = 0;
};

} // namespace

bool formatPieces(const vm::AtomTable& atoms, Term format, Term args,
                  std::vector<FormatPiece>& out) {
    Chars fmt;
    if (format.isAtom()) {
        fmt = atomChars(atoms, format);
    } else if (!collectChars(format, fmt, CharMode::Unicode)) {
        return false;
    }
    if (!args.isListOrNil()) return false;
    for (Term t = args; !t.isNil(); t = t.tail())
        if (!t.isList() && !t.isNil()) return false;
    return Formatter(atoms, out).run(fmt, args);
}

} // namespace pfun::stdlib::detail
