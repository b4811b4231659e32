#include "pfun/vm/construct.h"

namespace pfun::vm {

Term makeTuple(Heap& heap, std::span<const Term> elems) {
    Term* p = heap.alloc(1 + elems.size());
    p[0] = Term::makeHeader(BoxKind::Tuple, elems.size());
    for (size_t i = 0; i < elems.size(); ++i)
        p[1 + i] = elems[i];
    return Term::makeBoxed(p);
}

Term makeList(Heap& heap, std::span<const Term> elems, Term tail) {
    if (elems.empty()) return tail;
    Term* p = heap.alloc(2 * elems.size());
    // Cells laid out in list order: cell i's tail is cell i+1.
    for (size_t i = 0; i < elems.size(); ++i) {
        p[2 * i] = elems[i];
        p[2 * i + 1] = i + 1 < elems.size() ? Term::makeCons(p + 2 * (i + 1)) : tail;
    }
    return Term::makeCons(p);
}

Term makeCharList(Heap& heap, std::u32string_view cps) {
    if (cps.empty()) return Term::nil();
    Term* p = heap.alloc(2 * cps.size());
    for (size_t i = 0; i < cps.size(); ++i) {
        p[2 * i] = Term::makeSmall(static_cast<int64_t>(cps[i]));
        p[2 * i + 1] = i + 1 < cps.size() ? Term::makeCons(p + 2 * (i + 1)) : Term::nil();
    }
    return Term::makeCons(p);
}

Term makeStringList(Heap& heap, std::string_view bytes) {
    if (bytes.empty()) return Term::nil();
    Term* p = heap.alloc(2 * bytes.size());
    for (size_t i = 0; i < bytes.size(); ++i) {
        p[2 * i] = Term::makeSmall(static_cast<unsigned char>(bytes[i]));
        p[2 * i + 1] = i + 1 < bytes.size() ? Term::makeCons(p + 2 * (i + 1)) : Term::nil();
    }
    return Term::makeCons(p);
}

Term makeCharListFromUtf8(Heap& heap, std::string_view s) {
    std::u32string cps;
    cps.reserve(s.size());
    size_t i = 0;
    while (i < s.size()) {
        auto c = static_cast<unsigned char>(s[i]);
        char32_t cp = 0xFFFD;
        size_t len = 1;
        if (c < 0x80) {
            cp = c;
        } else {
            size_t need = c >= 0xF0 && c < 0xF8 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
            if (c >= 0xF8) need = 0;
            bool ok = need > 0;
            char32_t v = need == 1 ? (c & 0x1F) : need == 2 ? (c & 0x0F) : (c & 0x07);
            for (size_t k = 1; ok && k <= need; ++k) {
                if (i + k >= s.size()) {
                    ok = false;
                    break;
                }
                auto cc = static_cast<unsigned char>(s[i + k]);
                if ((cc & 0xC0) != 0x80) ok = false;
                v = (v << 6) | (cc & 0x3F);
            }
            if (ok) {
                cp = v;
                len = need + 1;
            }
        }
        cps.push_back(cp);
        i += len;
    }
    return makeCharList(heap, cps);
}

int64_t listLength(Term list) {
    int64_t n = 0;
    while (list.isList()) {
        ++n;
        list = list.tail();
    }
    return list.isNil() ? n : -1;
}

bool charListToUtf8(Term list, std::string& out) {
    while (list.isList()) {
        Term h = list.head();
        if (!h.isSmall()) return false;
        int64_t cp = h.small();
        if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        auto c = static_cast<uint32_t>(cp);
        if (c < 0x80) {
            out.push_back(static_cast<char>(c));
        } else if (c < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (c >> 6)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        } else if (c < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (c >> 12)));
            out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xF0 | (c >> 18)));
            out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        }
        list = list.tail();
    }
    return list.isNil();
}

bool listToBytes(Term list, std::string& out) {
    while (list.isList()) {
        Term h = list.head();
        if (!h.isSmall() || h.small() < 0 || h.small() > 255) return false;
        out.push_back(static_cast<char>(h.small()));
        list = list.tail();
    }
    return list.isNil();
}

} // namespace pfun::vm
