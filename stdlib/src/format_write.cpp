// io_lib:write (~w, ~W): one line, no string detection, optional depth limit.
#include "pfun/stdlib/format.h"

#include "term_text.h"

#include <cstdio>

namespace pfun::stdlib {

using detail::appendAscii;
using detail::Chars;
using vm::Term;

namespace {

class Writer {
  public:
    Writer(const vm::AtomTable& atoms, bool unicode, Chars& out)
        : atoms_(atoms), unicode_(unicode), out_(out) {}

    // depth < 0: unlimited. Mirrors io_lib:write/2 clause by clause.
    void write(Term t, int depth) {
        if (depth == 0) {
            appendAscii(out_, "...");
            return;
        }
        if (t.isSmall() || t.isBignum()) {
            appendAscii(out_, detail::integerText(t));
        } else if (t.isFloat()) {
            appendAscii(out_, detail::floatShortestText(t.floatValue()));
        } else if (t.isAtom()) {
            detail::writeAtom(out_, atoms_, t, unicode_);
        } else if (t.isPid()) {
            detail::writePid(out_, atoms_, t);
        } else if (t.isRef()) {
            detail::writeRef(out_, t);
        } else if (t.isBitstring()) {
            writeBinary(t, depth);
        } else if (t.isNil()) {
            appendAscii(out_, "[]");
        } else if (t.isList()) {
            if (depth == 1) {
                appendAscii(out_, "[...]");
                return;
            }
            out_.push_back('[');
            write(t.head(), dec(depth));
            writeTail(t.tail(), dec(depth), '|');
            out_.push_back(']');
        } else if (t.isFun()) {
            detail::writeFun(out_, atoms_, t);
        } else if (t.isMap()) {
            writeMap(t, depth);
        } else if (t.isTuple()) {
            uint64_t n = t.tupleArity();
            if (n == 0) {
                appendAscii(out_, "{}");
                return;
            }
            if (depth == 1) {
                appendAscii(out_, "{...}");
                return;
            }
            out_.push_back('{');
            write(t.element(0), dec(depth));
            int d = dec(depth);
            for (uint64_t i = 1; i < n; ++i) {
                if (d == 1) {
                    appendAscii(out_, ",...");
                    break;
                }
                out_.push_back(',');
                write(t.element(i), dec(d));
                d = dec(d);
            }
            out_.push_back('}');
        } else {
            appendAscii(out_, "#Term<?>");
        }
    }

  private:
    static int dec(int d) { return d < 0 ? d : d - 1; }

    void writeTail(Term t, int depth, char sep) {
        while (true) {
            if (t.isNil()) return;
            if (depth == 1) {
                out_.push_back(sep);
                appendAscii(out_, "...");
                return;
            }
            if (t.isList()) {
                out_.push_back(',');
                write(t.head(), dec(depth));
                depth = dec(depth);
                t = t.tail();
                continue;
            }
            out_.push_back(sep);
            write(t, dec(depth));
            return;
        }
    }

    void writeMap(Term m, int depth) {
        std::vector<std::pair<Term, Term>> pairs;
        detail::mapPairs(m, pairs);
        if (pairs.empty()) {
            appendAscii(out_, "#{}");
            return;
        }
        if (depth == 1) {
            // io_lib:write of OTP 25 writes a map at depth 1 as an empty map.
            appendAscii(out_, "#{}");
            return;
        }
        int d0 = dec(depth);
        appendAscii(out_, "#{");
        writeAssoc(pairs[0], d0);
        int d = d0;
        // As write_map_body: the depth test comes before the end test, so a map that
        // runs out exactly at the limit still gets ",...".
        for (size_t i = 1;; ++i) {
            if (d == 1) {
                appendAscii(out_, ",...");
                break;
            }
            if (i >= pairs.size()) break;
            out_.push_back(',');
            writeAssoc(pairs[i], d0);
            d = dec(d);
        }
        out_.push_back('}');
    }

    void writeAssoc(const std::pair<Term, Term>& kv, int depth) {
        write(kv.first, depth);
        appendAscii(out_, " => ");
        write(kv.second, depth);
    }

    void writeBinary(Term b, int depth) {
        detail::BitstringBytes bb = detail::bitstringBytes(b);
        appendAscii(out_, "<<");
        bool first = true;
        int d = depth;
        size_t i = 0;
        for (; i < bb.bytes.size(); ++i) {
            if (d == 1) break;
            if (!first) out_.push_back(',');
            first = false;
            appendAscii(out_, std::to_string(static_cast<unsigned char>(bb.bytes[i])));
            d = dec(d);
        }
        if (i < bb.bytes.size() || (bb.tailBits && d == 1)) {
            if (!first) out_.push_back(',');
            appendAscii(out_, "...");
        } else if (bb.tailBits) {
            if (!first) out_.push_back(',');
            appendAscii(out_, std::to_string(bb.tailValue) + ":" + std::to_string(bb.tailBits));
        }
        appendAscii(out_, ">>");
    }

    const vm::AtomTable& atoms_;
    bool unicode_;
    Chars& out_;
};

} // namespace

std::u32string writeTermChars(const vm::AtomTable& atoms, Term t, int depth, bool unicode) {
    Chars out;
    Writer(atoms, unicode, out).write(t, depth);
    return out;
}

std::string writeTerm(const vm::Runtime& rt, Term t, int depth) {
    return toDeviceBytes(writeTermChars(rt.atoms(), t, depth));
}

std::string toDeviceBytes(std::u32string_view chars) {
    std::string out;
    out.reserve(chars.size());
    for (char32_t c : chars) {
        if (c < 256) {
            out.push_back(static_cast<char>(c));
        } else {
            char buf[16];
            int n = std::snprintf(buf, sizeof buf, "\\x{%X}", static_cast<unsigned>(c));
            out.append(buf, static_cast<size_t>(n));
        }
    }
    return out;
}

} // namespace pfun::stdlib
