// io_lib_pretty (~p, ~P): the layout erl gives a term that does not fit on one line.
//
// The structure follows OTP 25's io_lib_pretty closely, because the output must be
// identical: first every subterm's flat text length is measured (print_length), giving
// a tree whose leaves are "atomic" texts; then the tree is laid out (pp) with the same
// fits-on-the-line tests. The indentation of tagged tuples ({tag, ...}) is chosen by a
// dry run (cind) that tries "align after the tag" (-1), then four spaces, then one.
// With no ~P chars limit, io_lib_pretty's `M` (max chars per line) equals the whole
// term's flat length.
#include "pfun/stdlib/format.h"

#include "term_text.h"

#include <algorithm>

namespace pfun::stdlib {

using detail::appendAscii;
using detail::Chars;
using vm::Term;

namespace {

struct Node {
    enum class Kind : uint8_t { Text, List, Tuple, Map, Pair, Bin };
    enum class Tail : uint8_t { None, Dots, Improper };
    Kind kind = Kind::Text;
    Tail tail = Tail::None;
    bool tagged = false;
    int64_t len = 0;
    uint32_t textBegin = 0, textEnd = 0; // Text, Bin
    uint32_t kidBegin = 0, kidCount = 0; // element nodes; with Improper the last is the tail
};

struct NoGood {}; // cind's "this indentation does not work"

class Pretty {
  public:
    Pretty(const vm::AtomTable& atoms, const PrintOptions& opt) : atoms_(atoms), opt_(opt) {}

    Chars print(Term t) {
        int col = std::max(opt_.column, 1);
        ll_ = opt_.lineLength;
        if (opt_.depth == 0) return U"...";
        bool composite = t.isTuple() || t.isListOrNil() || t.isMap() || t.isBitstring();
        if (!composite) {
            return writeTermChars(atoms_, t, -1, opt_.unicode);
        }
        uint32_t root = build(t, opt_.depth);
        const Node& r = nodes_[root];
        m_ = r.len;
        if (ll_ == 0 || (r.len < ll_ - col && r.len <= m_)) {
            write(root);
            return std::move(out_);
        }
        int64_t tind = 1;
        for (int64_t candidate : {int64_t(-1), int64_t(4)}) {
            try {
                cind(root, col, candidate, 0, 0);
                tind = candidate;
                break;
            } catch (const NoGood&) {
            }
        }
        tind_ = tind;
        pp(root, col, col - 1, 0, 0);
        return std::move(out_);
    }

  private:
    static int dec(int d) { return d < 0 ? d : d - 1; }

    // ---------------- measuring (print_length) ----------------

    uint32_t textNode(const Chars& s) {
        Node n;
        n.textBegin = static_cast<uint32_t>(text_.size());
        text_ += s;
        n.textEnd = static_cast<uint32_t>(text_.size());
        n.len = static_cast<int64_t>(s.size());
        nodes_.push_back(n);
        return static_cast<uint32_t>(nodes_.size() - 1);
    }
    uint32_t textNode(std::string_view ascii) {
        Chars c;
        appendAscii(c, ascii);
        return textNode(c);
    }

    uint32_t compound(Node n, const std::vector<uint32_t>& kids, int64_t base) {
        n.kidBegin = static_cast<uint32_t>(kids_.size());
        n.kidCount = static_cast<uint32_t>(kids.size());
        kids_.insert(kids_.end(), kids.begin(), kids.end());
        // list_length: elements separated by one character; the tail (dots or an
        // improper tail) also takes one separator when it follows an element.
        int64_t len = base;
        for (size_t i = 0; i < kids.size(); ++i)
            len += nodes_[kids[i]].len + (i > 0 ? 1 : 0);
        if (n.tail == Node::Tail::Dots) len += 3 + (kids.empty() ? 0 : 1);
        n.len = len;
        nodes_.push_back(n);
        return static_cast<uint32_t>(nodes_.size() - 1);
    }

    bool printableList(Term t) const {
        for (; t.isList(); t = t.tail()) {
            Term h = t.head();
            if (!h.isSmall() || h.small() < 0 || h.small() > 0x10ffff) return false;
            if (!detail::isPrintableLatin1(static_cast<char32_t>(h.small()))) return false;
        }
        return t.isNil();
    }

    uint32_t build(Term t, int d) {
        if (d == 0) return textNode("...");
        if (t.isNil()) return textNode("[]");
        if (t.isAtom()) {
            Chars s;
            detail::writeAtom(s, atoms_, t, opt_.unicode);
            return textNode(s);
        }
        if (t.isList()) {
            if (opt_.strings && d != 1 && printableList(t)) {
                Chars cs;
                for (Term l = t; l.isList(); l = l.tail())
                    cs.push_back(static_cast<char32_t>(l.head().small()));
                Chars s;
                detail::writeQuoted(s, cs, U'"', opt_.unicode);
                return textNode(s);
            }
            return buildList(t, d);
        }
        if (t.isTuple()) {
            uint64_t n = t.tupleArity();
            if (n == 0) return textNode("{}");
            if (d == 1) return textNode("{...}");
            std::vector<uint32_t> kids;
            Node node;
            node.kind = Node::Kind::Tuple;
            node.tagged = t.element(0).isAtom() && n > 1;
            int dd = d;
            for (uint64_t i = 0; i < n; ++i) {
                if (dd == 1) {
                    node.tail = Node::Tail::Dots;
                    break;
                }
                kids.push_back(build(t.element(i), dec(dd)));
                dd = dec(dd);
            }
            return compound(node, kids, 2);
        }
        if (t.isMap()) {
            std::vector<std::pair<Term, Term>> pairs;
            detail::mapPairs(t, pairs);
            if (pairs.empty()) return textNode("#{}");
            if (d == 1) return textNode("#{...}");
            int d0 = dec(d);
            std::vector<uint32_t> kids;
            Node node;
            node.kind = Node::Kind::Map;
            int dd = d;
            for (auto& kv : pairs) {
                if (dd == 1) {
                    node.tail = Node::Tail::Dots;
                    break;
                }
                uint32_t k = build(kv.first, d0);
                uint32_t v = build(kv.second, d0);
                Node pair;
                pair.kind = Node::Kind::Pair;
                pair.kidBegin = static_cast<uint32_t>(kids_.size());
                pair.kidCount = 2;
                kids_.push_back(k);
                kids_.push_back(v);
                pair.len = nodes_[k].len + 4 + nodes_[v].len;
                nodes_.push_back(pair);
                kids.push_back(static_cast<uint32_t>(nodes_.size() - 1));
                dd = dec(dd);
            }
            return compound(node, kids, 3);
        }
        if (t.isBitstring()) return buildBinary(t, d);
        return textNode(writeTermChars(atoms_, t, -1, opt_.unicode));
    }

    uint32_t buildList(Term t, int d) {
        std::vector<uint32_t> kids;
        Node node;
        node.kind = Node::Kind::List;
        Term cur = t;
        int dd = d;
        while (true) {
            if (cur.isNil()) break;
            if (dd == 1) {
                node.tail = Node::Tail::Dots;
                break;
            }
            if (cur.isList()) {
                kids.push_back(build(cur.head(), dec(dd)));
                cur = cur.tail();
                dd = dec(dd);
                continue;
            }
            kids.push_back(build(cur, dec(dd)));
            node.tail = Node::Tail::Improper;
            break;
        }
        return compound(node, kids, 2);
    }

    // printable_bin/4 of io_lib_pretty for the latin-1 case: the printable prefix
    // rules that apply when a depth limits how much of the binary is shown.
    uint32_t buildBinary(Term t, int d) {
        detail::BitstringBytes bb = detail::bitstringBytes(t);
        if (bb.bytes.empty() && bb.tailBits == 0) return textNode("<<>>");
        if (d == 1) return textNode("<<...>>");
        int d1 = dec(d);
        const std::string& bytes = bb.bytes;
        if (opt_.strings && bb.tailBits == 0) {
            int64_t size = static_cast<int64_t>(bytes.size());
            int64_t len = d1 >= 0 ? std::min<int64_t>(4 * int64_t(d1), size) : size;
            if (opt_.unicode && len == size) {
                Chars cs = detail::decodeUtf8(bytes);
                if (validUtf8(bytes) && std::all_of(cs.begin(), cs.end(), [](char32_t c) {
                        return detail::isPrintableLatin1(c);
                    })) {
                    Chars s = U"<<";
                    detail::writeQuoted(s, cs, U'"', true);
                    appendAscii(s, cs.size() == bytes.size() ? ">>" : "/utf8>>");
                    return textNode(s);
                }
            }
            auto printableLen = [&](int64_t from, int64_t count) -> int64_t { // -1: all
                for (int64_t i = from; i < from + count; ++i)
                    if (!detail::isPrintableLatin1(static_cast<unsigned char>(bytes[size_t(i)])))
                        return i;
                return -1;
            };
            int64_t shown = -2; // -2: not printable; otherwise prefix length (size = all)
            if (len > 0) {
                int64_t n = std::min<int64_t>(20, len);
                int64_t bad = printableLen(0, n);
                if (bad < 0) {
                    if (n == size)
                        shown = size;
                    else if (n == len)
                        shown = n;
                    else {
                        int64_t bad2 = printableLen(n, len - n);
                        if (bad2 < 0 && size == len)
                            shown = size;
                        else if (d1 > 0 && (bad2 < 0 ? len : bad2) >= d1)
                            shown = bad2 < 0 ? len : bad2;
                    }
                } else if (d1 > 0 && bad >= d1) {
                    shown = bad;
                }
            }
            if (shown >= 0) {
                Chars cs(bytes.begin(), bytes.begin() + shown);
                for (auto& c : cs)
                    c = static_cast<unsigned char>(c);
                Chars s = U"<<";
                detail::writeQuoted(s, cs, U'"', true);
                appendAscii(s, shown == size ? ">>" : "...>>");
                return textNode(s);
            }
        }
        // Not printable: the bytes as numbers, a node the layout may break.
        Chars s = writeTermChars(atoms_, t, d, opt_.unicode);
        uint32_t idx = textNode(s);
        nodes_[idx].kind = Node::Kind::Bin;
        return idx;
    }

    static bool validUtf8(const std::string& b) {
        size_t i = 0;
        while (i < b.size()) {
            auto c = static_cast<unsigned char>(b[i]);
            int extra = c < 0x80         ? 0
                        : (c >> 5) == 6  ? 1
                        : (c >> 4) == 14 ? 2
                        : (c >> 3) == 30 ? 3
                                         : -1;
            if (extra < 0 || i + size_t(extra) >= b.size() + (extra == 0 ? 1 : 0)) return false;
            for (int k = 1; k <= extra; ++k)
                if ((static_cast<unsigned char>(b[i + size_t(k)]) & 0xc0) != 0x80) return false;
            i += 1 + size_t(extra);
        }
        return detail::encodeUtf8(detail::decodeUtf8(b)) == b;
    }

    // ---------------- flat writing (write/1) ----------------

    uint32_t kid(const Node& n, uint32_t i) const { return kids_[n.kidBegin + i]; }
    // Number of elements, excluding an improper tail.
    uint32_t elemCount(const Node& n) const {
        return n.tail == Node::Tail::Improper ? n.kidCount - 1 : n.kidCount;
    }
    bool atomic(uint32_t i) const { return nodes_[i].kind == Node::Kind::Text; }
    bool atomicPair(uint32_t i) const {
        const Node& p = nodes_[i];
        return atomic(kid(p, 0)) && atomic(kid(p, 1));
    }

    void write(uint32_t i) {
        const Node& n = nodes_[i];
        switch (n.kind) {
        case Node::Kind::Text:
        case Node::Kind::Bin: out_.append(text_, n.textBegin, n.textEnd - n.textBegin); return;
        case Node::Kind::Pair:
            write(kid(n, 0));
            appendAscii(out_, " => ");
            write(kid(n, 1));
            return;
        case Node::Kind::List:
            out_.push_back('[');
            writeElems(n, '|');
            out_.push_back(']');
            return;
        case Node::Kind::Tuple:
            out_.push_back('{');
            writeElems(n, ',');
            out_.push_back('}');
            return;
        case Node::Kind::Map:
            appendAscii(out_, "#{");
            writeElems(n, ',');
            out_.push_back('}');
            return;
        }
    }

    void writeElems(const Node& n, char sep) {
        uint32_t count = elemCount(n);
        for (uint32_t k = 0; k < count; ++k) {
            if (k) out_.push_back(',');
            write(kid(n, k));
        }
        writeTailOf(n, sep, count > 0);
    }

    void writeTailOf(const Node& n, char sep, bool afterElem) {
        if (n.tail == Node::Tail::Dots) {
            if (afterElem) out_.push_back(sep);
            appendAscii(out_, "...");
        } else if (n.tail == Node::Tail::Improper) {
            out_.push_back(sep);
            write(kid(n, n.kidCount - 1));
        }
    }

    // ---------------- layout (pp) ----------------

    bool fits(int64_t len, int64_t col, int64_t ld, int64_t w) const {
        return len < ll_ - col - ld && len + w + ld <= m_;
    }
    // last_depth: 0 when more elements follow position k, else LD + 1.
    int64_t lastDepth(const Node& n, uint32_t k, int64_t ld) const {
        return k + 1 < elemCount(n) ? 0 : ld + 1;
    }
    void indent(int64_t ind) { out_.append(static_cast<size_t>(std::max<int64_t>(ind, 0)), U' '); }

    void pp(uint32_t i, int64_t col, int64_t ind, int64_t ld, int64_t w) {
        const Node& n = nodes_[i];
        if (fits(n.len, col, ld, w)) {
            write(i);
            return;
        }
        switch (n.kind) {
        case Node::Kind::List:
            out_.push_back('[');
            ppList(n, 0, col + 1, ind + 1, ld, '|', w + 1);
            out_.push_back(']');
            return;
        case Node::Kind::Tuple:
            out_.push_back('{');
            if (n.tagged)
                ppTagTuple(n, col, ind, ld, w + 1);
            else
                ppList(n, 0, col + 1, ind + 1, ld, ',', w + 1);
            out_.push_back('}');
            return;
        case Node::Kind::Map:
            appendAscii(out_, "#{");
            ppMap(n, col + 2, ind + 2, ld, w + 1);
            out_.push_back('}');
            return;
        case Node::Kind::Bin: ppBinary(n, col + 2, ind + 2, ld, w); return;
        case Node::Kind::Pair:
        case Node::Kind::Text: write(i); return;
        }
    }

    void ppTagTuple(const Node& n, int64_t col, int64_t ind, int64_t ld, int64_t w) {
        uint32_t tag = kid(n, 0);
        int64_t tlen = nodes_[tag].len;
        int64_t tagInd = tlen + 2;
        int64_t tcol = col + tagInd;
        if (tind_ > 0 && tagInd > tind_) {
            write(tag);
            ppTail(n, 1, col + tind_, tcol, ind + tind_, ld, ',', w + tlen);
        } else {
            write(tag);
            out_.push_back(',');
            ppList(n, 1, tcol, ind + tagInd, ld, ',', w + tlen + 1);
        }
    }

    // pp_list over the elements of `n` from position `from`.
    void ppList(const Node& n, uint32_t from, int64_t col0, int64_t ind, int64_t ld, char sep,
                int64_t w) {
        if (from >= elemCount(n)) {
            // Only the dots remain (pp_list({dots, ...}) -> "...").
            if (n.tail == Node::Tail::Dots) appendAscii(out_, "...");
            return;
        }
        int64_t we = ppElement(kid(n, from), col0, ind, lastDepth(n, from, ld), w);
        ppTail(n, from + 1, col0, col0 + we, ind, ld, sep, w + we);
    }

    void ppTail(const Node& n, uint32_t from, int64_t col0, int64_t col, int64_t ind, int64_t ld,
                char sep, int64_t w) {
        uint32_t count = elemCount(n);
        for (uint32_t k = from; k < count; ++k) {
            uint32_t e = kid(n, k);
            int64_t ld1 = lastDepth(n, k, ld);
            int64_t elen = 1 + nodes_[e].len;
            bool inl = atomic(e) && ((ld1 == 0 && elen + 1 < ll_ - col && w + elen + 1 <= m_) ||
                                     (ld1 > 0 && elen < ll_ - col - ld1 && w + elen + ld1 <= m_));
            if (inl) {
                out_.push_back(',');
                write(e);
                col += elen;
                w += elen;
            } else {
                out_.push_back(',');
                out_.push_back('\n');
                indent(ind);
                int64_t we = ppElement(e, col0, ind, ld1, 0);
                col = col0 + we;
                w = we;
            }
        }
        if (n.tail == Node::Tail::Dots) {
            out_.push_back(sep);
            appendAscii(out_, "...");
        } else if (n.tail == Node::Tail::Improper) {
            uint32_t e = kid(n, n.kidCount - 1);
            int64_t len = nodes_[e].len;
            if (atomic(e) && len + 1 < ll_ - col - (ld + 1) && len + 1 + w + (ld + 1) <= m_) {
                out_.push_back(sep);
                write(e);
            } else {
                out_.push_back(sep);
                out_.push_back('\n');
                indent(ind);
                pp(e, col0, ind, ld + 1, 0);
            }
        }
    }

    int64_t ppElement(uint32_t e, int64_t col, int64_t ind, int64_t ld, int64_t w) {
        if (atomic(e) && fits(nodes_[e].len, col, ld, w)) {
            write(e);
            return nodes_[e].len;
        }
        pp(e, col, ind, ld, w);
        return ll_; // force a new line after it
    }

    int64_t mapValueIndent() const { return tind_ > 0 ? tind_ : 4; }

    void ppMap(const Node& n, int64_t col, int64_t ind, int64_t ld, int64_t w) {
        uint32_t count = elemCount(n);
        if (count == 0) {
            if (n.tail == Node::Tail::Dots) appendAscii(out_, "...");
            return;
        }
        int64_t pw = ppPair(kid(n, 0), col, ind, lastDepth(n, 0, ld), w);
        int64_t col0 = col;
        int64_t c = col + pw;
        int64_t ww = pw;
        for (uint32_t k = 1; k < count; ++k) {
            uint32_t p = kid(n, k);
            int64_t ld1 = lastDepth(n, k, ld);
            int64_t elen = 1 + nodes_[p].len;
            bool inl =
                atomicPair(p) && ((ld1 == 0 && elen + 1 < ll_ - c && ww + elen + 1 <= m_) ||
                                  (ld1 > 0 && elen < ll_ - c - ld1 && ww + elen + ld1 <= m_));
            if (inl) {
                out_.push_back(',');
                write(p);
                c += elen;
                ww += elen;
            } else {
                out_.push_back(',');
                out_.push_back('\n');
                indent(ind);
                int64_t pw2 = ppPair(p, col0, ind, ld1, 0);
                c = col0 + pw2;
                ww = pw2;
            }
        }
        if (n.tail == Node::Tail::Dots) appendAscii(out_, ",...");
    }

    int64_t ppPair(uint32_t p, int64_t col, int64_t ind, int64_t ld, int64_t w) {
        const Node& pn = nodes_[p];
        if (fits(pn.len, col, ld, w)) {
            write(p);
            return atomicPair(p) ? pn.len : ll_;
        }
        int64_t i = mapValueIndent();
        pp(kid(pn, 0), col, ind, ld, w);
        appendAscii(out_, " =>\n");
        indent(ind + i);
        pp(kid(pn, 1), col + i, ind + i, ld, 0);
        return ll_;
    }

    // pp_binary: the numbers of a long binary wrapped over lines.
    void ppBinary(const Node& n, int64_t col, int64_t ind, int64_t ld, int64_t w) {
        std::u32string_view s(text_.data() + n.textBegin, n.textEnd - n.textBegin);
        // s is "<<a,b,c>>"
        std::u32string_view inner = s.substr(2, s.size() - 4);
        int64_t nmax = std::max<int64_t>(8, std::min<int64_t>(ll_ - col, m_ - 4 - w) - ld);
        appendAscii(out_, "<<");
        int64_t left = nmax;
        while (true) {
            size_t comma = inner.find(U',');
            if (comma == std::u32string_view::npos) {
                int64_t len = static_cast<int64_t>(inner.size());
                size_t colon = inner.find(U':');
                bool wrap = colon != std::u32string_view::npos ? len > left : len > left;
                if (wrap) {
                    out_.push_back('\n');
                    indent(ind);
                }
                out_ += inner;
                break;
            }
            std::u32string_view bs = inner.substr(0, comma);
            int64_t len = static_cast<int64_t>(bs.size()) + 1;
            if (left - len < 0) {
                out_.push_back('\n');
                indent(ind);
                out_ += bs;
                out_.push_back(',');
                left = nmax - len;
            } else {
                out_ += bs;
                out_.push_back(',');
                left -= len;
            }
            inner = inner.substr(comma + 1);
        }
        appendAscii(out_, ">>");
    }

    // ---------------- choosing the tuple indentation (cind) ----------------

    void cind(uint32_t i, int64_t col, int64_t ind, int64_t ld, int64_t w) {
        const Node& n = nodes_[i];
        if (fits(n.len, col, ld, w)) return;
        switch (n.kind) {
        case Node::Kind::List: cindList(n, 0, col + 1, ind, ld, w + 1); return;
        case Node::Kind::Tuple:
            if (n.tagged)
                cindTagTuple(n, col, ind, ld, w + 1);
            else
                cindList(n, 0, col + 1, ind, ld, w + 1);
            return;
        case Node::Kind::Map: cindMap(n, col + 2, ind, ld, w + 2); return;
        default: return;
        }
    }

    void cindTagTuple(const Node& n, int64_t col, int64_t ind, int64_t ld, int64_t w) {
        int64_t tlen = nodes_[kid(n, 0)].len;
        int64_t tagInd = tlen + 2;
        int64_t tcol = col + tagInd;
        if (ind > 0 && tagInd > ind) {
            int64_t col1 = col + ind;
            if (m_ + col1 <= ll_ || col1 <= ll_ / 2) {
                cindTail(n, 1, col1, tcol, ind, ld, w + tlen);
                return;
            }
            throw NoGood{};
        }
        if (m_ + tcol < ll_ || tcol < ll_ / 2) {
            cindList(n, 1, tcol, ind, ld, w + tlen + 1);
            return;
        }
        throw NoGood{};
    }

    void cindList(const Node& n, uint32_t from, int64_t col0, int64_t ind, int64_t ld, int64_t w) {
        if (from >= elemCount(n)) return;
        int64_t we = cindElement(kid(n, from), col0, ind, lastDepth(n, from, ld), w);
        cindTail(n, from + 1, col0, col0 + we, ind, ld, w + we);
    }

    void cindTail(const Node& n, uint32_t from, int64_t col0, int64_t col, int64_t ind, int64_t ld,
                  int64_t w) {
        uint32_t count = elemCount(n);
        for (uint32_t k = from; k < count; ++k) {
            uint32_t e = kid(n, k);
            int64_t ld1 = lastDepth(n, k, ld);
            int64_t elen = 1 + nodes_[e].len;
            bool inl = atomic(e) && ((ld1 == 0 && elen + 1 < ll_ - col && w + elen + 1 <= m_) ||
                                     (ld1 > 0 && elen < ll_ - col - ld1 && w + elen + ld1 <= m_));
            if (inl) {
                col += elen;
                w += elen;
            } else {
                int64_t we = cindElement(e, col0, ind, ld1, 0);
                col = col0 + we;
                w = we;
            }
        }
        if (n.tail == Node::Tail::Improper) {
            uint32_t e = kid(n, n.kidCount - 1);
            int64_t len = nodes_[e].len;
            if (atomic(e) && len + 1 < ll_ - col - (ld + 1) && len + 1 + w + (ld + 1) <= m_) return;
            cind(e, col, ind, ld + 1, 0);
        }
    }

    int64_t cindElement(uint32_t e, int64_t col, int64_t ind, int64_t ld, int64_t w) {
        if (atomic(e) && fits(nodes_[e].len, col, ld, w)) return nodes_[e].len;
        cind(e, col, ind, ld, w);
        return ll_;
    }

    void cindMap(const Node& n, int64_t col, int64_t ind, int64_t ld, int64_t w) {
        uint32_t count = elemCount(n);
        if (count == 0) return;
        int64_t pw = cindPair(kid(n, 0), col, ind, lastDepth(n, 0, ld), w);
        int64_t col0 = col, c = col + pw, ww = w + pw;
        for (uint32_t k = 1; k < count; ++k) {
            uint32_t p = kid(n, k);
            int64_t ld1 = lastDepth(n, k, ld);
            int64_t elen = 1 + nodes_[p].len;
            bool inl =
                atomicPair(p) && ((ld1 == 0 && elen + 1 < ll_ - c && ww + elen + 1 <= m_) ||
                                  (ld1 > 0 && elen < ll_ - c - ld1 && ww + elen + ld1 <= m_));
            if (inl) {
                c += elen;
                ww += elen;
            } else {
                int64_t pw2 = cindPair(p, col0, ind, ld1, 0);
                c = col0 + pw2;
                ww = pw2;
            }
        }
    }

    int64_t cindPair(uint32_t p, int64_t col, int64_t ind, int64_t ld, int64_t w) {
        const Node& pn = nodes_[p];
        if (fits(pn.len, col, ld, w)) return atomicPair(p) ? pn.len : ll_;
        cind(kid(pn, 0), col, ind, ld, w);
        int64_t i = ind > 0 ? ind : 4;
        cind(kid(pn, 1), col + i, ind, ld, 0);
        return ll_;
    }

    const vm::AtomTable& atoms_;
    PrintOptions opt_;
    int64_t ll_ = 80;
    int64_t m_ = 0;
    int64_t tind_ = 1;
    std::vector<Node> nodes_;
    std::vector<uint32_t> kids_;
    Chars text_;
    Chars out_;
};

} // namespace

std::u32string printTermChars(const vm::AtomTable& atoms, Term t, const PrintOptions& opt) {
    return Pretty(atoms, opt).print(t);
}

std::string printTerm(const vm::Runtime& rt, Term t, int column, int lineLength, int depth,
                      bool unicode) {
    PrintOptions opt;
    opt.column = column;
    opt.lineLength = lineLength;
    opt.depth = depth;
    opt.unicode = unicode;
    return toDeviceBytes(printTermChars(rt.atoms(), t, opt));
}

} // namespace pfun::stdlib
