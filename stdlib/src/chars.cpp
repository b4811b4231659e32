#include "chars.h"

#include "pfun/vm/binary.h"

#include <vector>

namespace pfun::stdlib::detail {

using vm::Term;

namespace {

bool binaryBytes(Term t, std::string& out) {
    vm::BinaryView v = vm::binaryView(t);
    if (!v.isBinary()) return false;
    size_t n = v.byteSize();
    size_t base = out.size();
    out.resize(base + n);
    if (n)
        vm::copyBits(reinterpret_cast<uint8_t*>(out.data() + base), 0, v.data, v.bitOffset, n * 8);
    return true;
}

// Walks a deep list; `onInt` gets each integer element, `onBin` each binary.
template <typename OnInt, typename OnBin>
bool walkDeep(Term t, OnInt onInt, OnBin onBin) {
    std::vector<Term> stack;
    stack.push_back(t);
    while (!stack.empty()) {
        Term cur = stack.back();
        stack.pop_back();
        while (true) {
            if (cur.isNil()) break;
            if (cur.isBitstring()) {
                if (!onBin(cur)) return false;
                break;
            }
            if (!cur.isList()) return false;
            Term h = cur.head();
            if (h.isSmall()) {
                if (!onInt(h.small())) return false;
            } else if (h.isList() || h.isNil() || h.isBitstring()) {
                // Finish the rest of this list after the nested one.
                stack.push_back(cur.tail());
                cur = h;
                continue;
            } else {
                return false;
            }
            cur = cur.tail();
        }
    }
    return true;
}

} // namespace

bool collectChars(Term t, Chars& out, CharMode mode) {
    if (t.isBitstring() || t.isListOrNil()) {
        return walkDeep(
            t,
            [&](int64_t c) {
                if (c < 0) return false;
                if (mode == CharMode::Latin1 ? c > 255 : c > 0x10ffff) return false;
                out.push_back(static_cast<char32_t>(c));
                return true;
            },
            [&](Term b) {
                std::string bytes;
                if (!binaryBytes(b, bytes)) return false;
                if (mode == CharMode::Latin1) {
                    for (char c : bytes)
                        out.push_back(static_cast<unsigned char>(c));
                } else {
                    out += decodeUtf8(bytes);
                }
                return true;
            });
    }
    return false;
}

bool collectIolist(Term t, std::string& out) {
    if (!t.isBitstring() && !t.isListOrNil()) return false;
    return walkDeep(
        t,
        [&](int64_t c) {
            if (c < 0 || c > 255) return false;
            out.push_back(static_cast<char>(c));
            return true;
        },
        [&](Term b) { return binaryBytes(b, out); });
}

bool flatString(Term t, Chars& out) {
    for (; t.isList(); t = t.tail()) {
        Term h = t.head();
        if (!h.isSmall() || h.small() < 0 || h.small() > 0x10ffff) return false;
        out.push_back(static_cast<char32_t>(h.small()));
    }
    return t.isNil();
}

} // namespace pfun::stdlib::detail
