#include "pfun/vm/copy.h"

#include "pfun/vm/binary.h"
#include "work_stack.h"

#include <cstring>

namespace pfun::vm {

size_t termSizeWords(Term t) {
    size_t words = 0;
    WorkStack<Term, 32> stack;
    stack.push(t);
    while (!stack.empty()) {
        Term x = stack.pop();
        while (true) {
            if (x.isList()) {
                words += 2;
                if (Term h = x.head(); h.isList() || h.isBoxed()) stack.push(h);
                x = x.tail(); // follow the spine without growing the stack
                continue;
            }
            if (x.isBoxed()) {
                const Term* p = x.boxedPtr();
                uint64_t n = p[0].headerArity();
                words += 1 + n;
                for (uint64_t i = 1 + rawPrefixWords(p[0]); i <= n; ++i)
                    if (p[i].isList() || p[i].isBoxed()) stack.push(p[i]);
            }
            break;
        }
    }
    return words;
}

namespace {

// Copies the object `t` points at to `*top` and returns the Term for the copy.
inline Term copyObject(Term t, Term*& top, Heap& to) {
    if (t.isList()) {
        Term* dst = top;
        top += 2;
        dst[0] = t.consPtr()[0];
        dst[1] = t.consPtr()[1];
        return Term::makeCons(dst);
    }
    if (t.isBoxed()) {
        const Term* src = t.boxedPtr();
        uint64_t n = src[0].headerArity();
        Term* dst = top;
        top += 1 + n;
        std::memcpy(dst, src, (1 + n) * sizeof(Term));
        if (src[0].headerKind() == BoxKind::RefcBin) {
            reinterpret_cast<SharedBinary*>(dst[2].raw())->retain();
            dst[3] = Term::fromRaw(reinterpret_cast<uint64_t>(to.offHeap));
            to.offHeap = dst;
        }
        return Term::makeBoxed(dst);
    }
    return t;
}

} // namespace

Term copyTerm(Term t, Heap& to) {
    if (!t.isList() && !t.isBoxed()) return t;
    size_t words = termSizeWords(t);
    Term* area = to.alloc(words);
    Term* top = area;
    Term result = copyObject(t, top, to);
    // Cheney scan over the copy: every pointer still refers to the source; copy its
    // target to the end of the area and redirect it.
    Term* scan = area;
    while (scan < top) {
        Term w = *scan;
        if (w.isHeader()) {
            uint64_t n = w.headerArity();
            for (uint64_t i = 1 + rawPrefixWords(w); i <= n; ++i)
                scan[i] = copyObject(scan[i], top, to);
            scan += 1 + n;
        } else {
            scan[0] = copyObject(scan[0], top, to);
            scan[1] = copyObject(scan[1], top, to);
            scan += 2;
        }
    }
    return result;
}

} // namespace pfun::vm
