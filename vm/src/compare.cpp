#include "pfun/vm/compare.h"

#include "pfun/vm/binary.h"
#include "pfun/vm/code.h"
#include "pfun/vm/map.h"
#include "pfun/vm/number.h"
#include "work_stack.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace pfun::vm {

namespace {

enum Rank : int {
    kNumber = 0,
    kAtom = 1,
    kRef = 2,
    kFun = 3,
    kPort = 4,
    kPid = 5,
    kTuple = 6,
    kMap = 7,
    kNil = 8,
    kList = 9,
    kBitstring = 10
};

int rankOf(Term t) {
    if (t.isSmall()) return kNumber;
    if (t.isList()) return kList;
    if (t.isBoxed()) {
        switch (t.boxKind()) {
        case BoxKind::PosBig:
        case BoxKind::NegBig:
        case BoxKind::Float: return kNumber;
        case BoxKind::Tuple: return kTuple;
        case BoxKind::Fun:
        case BoxKind::Export: return kFun;
        case BoxKind::Ref: return kRef;
        case BoxKind::ExtPid: return kPid;
        case BoxKind::HeapBin:
        case BoxKind::RefcBin:
        case BoxKind::SubBin: return kBitstring;
        case BoxKind::FlatMap:
        case BoxKind::HashMap: return kMap;
        case BoxKind::Count: break;
        }
        return kBitstring;
    }
    if (t.isAtom()) return kAtom;
    if (t.isNil()) return kNil;
    if (t.isLocalPid()) return kPid;
    return kPort;
}

inline int sign3(int64_t x, int64_t y) {
    return x < y ? -1 : (x > y ? 1 : 0);
}
inline int usign3(uint64_t x, uint64_t y) {
    return x < y ? -1 : (x > y ? 1 : 0);
}

int compareAtomNames(Term a, Term b, const AtomTable& atoms) {
    const std::string& x = atoms.name(a);
    const std::string& y = atoms.name(b);
    int c = std::memcmp(x.data(), y.data(), std::min(x.size(), y.size()));
    if (c) return c < 0 ? -1 : 1;
    return usign3(x.size(), y.size());
}

int compareFloatInteger(double f, Term i) {
    // Returns sign of (f - i), exactly.
    if (i.isSmall()) {
        int64_t v = i.small();
        if (v > -(int64_t(1) << 53) && v < (int64_t(1) << 53)) {
            double d = static_cast<double>(v);
            return f < d ? -1 : (f > d ? 1 : 0);
        }
    }
    IntegerView z(i);
    int c = mpz_cmp_d(z, f); // sign of (i - f)
    return c < 0 ? 1 : (c > 0 ? -1 : 0);
}

struct Work {
    Term a, b;
    bool exact;
};
using Stack = WorkStack<Work, 32>;

// Keys and values of a map sorted in map-key order.
void sortedEntries(Term map, const AtomTable& atoms, std::vector<Term>& keys,
                   std::vector<Term>& values) {
    mapCollect(map, keys, values);
    if (map.boxKind() == BoxKind::FlatMap) return; // already in key order
    std::vector<size_t> order(keys.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](size_t x, size_t y) { return compareMapKeys(keys[x], keys[y], atoms) < 0; });
    std::vector<Term> k2, v2;
    k2.reserve(keys.size());
    v2.reserve(keys.size());
    for (size_t i : order) {
        k2.push_back(keys[i]);
        v2.push_back(values[i]);
    }
    keys.swap(k2);
    values.swap(v2);
}

int compareWalk(Term a0, Term b0, const AtomTable& atoms, bool exact0) {
    Stack stack;
    stack.push({a0, b0, exact0});
    while (!stack.empty()) {
        Work w = stack.pop();
        Term a = w.a, b = w.b;
        if (a == b) continue;
        int ra = rankOf(a), rb = rankOf(b);
        if (ra != rb) return ra < rb ? -1 : 1;
        switch (ra) {
        case kNumber: {
            if (w.exact) {
                bool fa = a.isFloat(), fb = b.isFloat();
                if (fa != fb) return fa ? 1 : -1;
            }
            int c = compareNumbers(a, b);
            if (c) return c;
            break;
        }
        case kAtom: {
            int c = compareAtomNames(a, b, atoms);
            if (c) return c;
            break;
        }
        case kRef: {
            const Term* p = a.boxedPtr();
            const Term* q = b.boxedPtr();
            uint64_t n = p[0].headerArity(), m = q[0].headerArity();
            if (n != m) return usign3(n, m);
            for (uint64_t i = n; i >= 1; --i) {
                int c = usign3(p[i].raw(), q[i].raw());
                if (c) return c;
            }
            break;
        }
        case kFun: {
            bool ea = a.boxKind() == BoxKind::Export, eb = b.boxKind() == BoxKind::Export;
            if (ea != eb) return ea ? 1 : -1;
            const Term* p = a.boxedPtr();
            const Term* q = b.boxedPtr();
            if (ea) {
                stack.push({p[3], q[3], w.exact});
                stack.push({p[2], q[2], w.exact});
                stack.push({p[1], q[1], w.exact});
                break;
            }
            auto* fa = reinterpret_cast<const FunEntry*>(p[1].raw());
            auto* fb = reinterpret_cast<const FunEntry*>(q[1].raw());
            if (fa != fb) {
                if (fa->module != fb->module) {
                    int c = compareAtomNames(fa->module, fb->module, atoms);
                    if (c) return c;
                }
                if (fa->index != fb->index) return usign3(fa->index, fb->index);
                if (fa->uniq != fb->uniq) return usign3(fa->uniq, fb->uniq);
                return usign3(reinterpret_cast<uintptr_t>(fa), reinterpret_cast<uintptr_t>(fb));
            }
            uint64_t n = p[0].headerArity(), m = q[0].headerArity();
            if (n != m) return usign3(n, m);
            for (uint64_t i = n; i >= 2; --i)
                stack.push({p[i], q[i], w.exact});
            break;
        }
        case kPid: {
            bool la = a.isLocalPid(), lb = b.isLocalPid();
            if (la != lb) return la ? -1 : 1;
            if (la) return usign3(a.pidNumber(), b.pidNumber());
            const Term* p = a.boxedPtr();
            const Term* q = b.boxedPtr();
            if (p[1] != q[1]) {
                int c = compareAtomNames(p[1], q[1], atoms);
                if (c) return c;
            }
            int c = usign3(p[2].raw(), q[2].raw());
            if (c) return c;
            c = usign3(p[3].raw(), q[3].raw());
            if (c) return c;
            break;
        }
        case kTuple: {
            uint64_t n = a.tupleArity(), m = b.tupleArity();
            if (n != m) return usign3(n, m);
            for (uint64_t i = n; i >= 1; --i)
                stack.push({a.boxedPtr()[i], b.boxedPtr()[i], w.exact});
            break;
        }
        case kMap: {
            uint64_t n = mapSize(a), m = mapSize(b);
            if (n != m) return usign3(n, m);
            std::vector<Term> ka, va, kb, vb;
            sortedEntries(a, atoms, ka, va);
            sortedEntries(b, atoms, kb, vb);
            for (size_t i = n; i-- > 0;)
                stack.push({va[i], vb[i], w.exact});
            for (size_t i = n; i-- > 0;)
                stack.push({ka[i], kb[i], true});
            break;
        }
        case kList:
            stack.push({a.tail(), b.tail(), w.exact});
            stack.push({a.head(), b.head(), w.exact});
            break;
        case kBitstring: {
            int c = compareBitstrings(binaryView(a), binaryView(b));
            if (c) return c;
            break;
        }
        default: return usign3(a.raw(), b.raw());
        }
    }
    return 0;
}

bool bignumsEqual(Term a, Term b) {
    const Term* p = a.boxedPtr();
    const Term* q = b.boxedPtr();
    if (p[0] != q[0]) return false; // kind (sign) and limb count
    return std::memcmp(p + 1, q + 1, p[0].headerArity() * 8) == 0;
}

bool equalWalk(Term a0, Term b0, bool exact0) {
    Stack stack;
    stack.push({a0, b0, exact0});
    while (!stack.empty()) {
        Work w = stack.pop();
        Term a = w.a, b = w.b;
        if (a == b) continue;
        bool aNum = a.isNumber(), bNum = b.isNumber();
        if (aNum || bNum) {
            if (!aNum || !bNum) return false;
            if (w.exact) {
                if (a.isFloat() != b.isFloat()) return false;
                if (a.isFloat()) {
                    if (a.floatValue() != b.floatValue()) return false;
                } else if (a.isSmall() || b.isSmall() || !bignumsEqual(a, b)) {
                    return false;
                }
            } else if (compareNumbers(a, b) != 0) {
                return false;
            }
            continue;
        }
        if (a.isList()) {
            if (!b.isList()) return false;
            stack.push({a.tail(), b.tail(), w.exact});
            stack.push({a.head(), b.head(), w.exact});
            continue;
        }
        if (!a.isBoxed() || !b.isBoxed()) return false;
        BoxKind ka = a.boxKind(), kb = b.boxKind();
        const Term* p = a.boxedPtr();
        const Term* q = b.boxedPtr();
        if (a.isBitstring()) {
            if (!b.isBitstring()) return false;
            if (!equalBitstrings(binaryView(a), binaryView(b))) return false;
            continue;
        }
        if (a.isMap()) {
            if (!b.isMap()) return false;
            uint64_t n = mapSize(a);
            if (n != mapSize(b)) return false;
            if (ka == BoxKind::FlatMap && kb == BoxKind::FlatMap) {
                Term keysA = p[1], keysB = q[1];
                for (uint64_t i = 0; i < n; ++i) {
                    if (!exactEq(keysA.element(i), keysB.element(i))) return false;
                    stack.push({p[2 + i], q[2 + i], w.exact});
                }
                continue;
            }
            std::vector<Term> keys, values;
            mapCollect(a, keys, values);
            for (size_t i = 0; i < keys.size(); ++i) {
                Term other = mapGet(b, keys[i]);
                if (other.isNonValue()) return false;
                stack.push({values[i], other, w.exact});
            }
            continue;
        }
        if (ka != kb) return false;
        uint64_t n = p[0].headerArity();
        if (n != q[0].headerArity()) return false;
        switch (ka) {
        case BoxKind::Tuple:
        case BoxKind::Export:
            for (uint64_t i = n; i >= 1; --i)
                stack.push({p[i], q[i], w.exact});
            break;
        case BoxKind::Fun:
            if (p[1] != q[1]) return false;
            for (uint64_t i = n; i >= 2; --i)
                stack.push({p[i], q[i], w.exact});
            break;
        default: // Ref, ExtPid: raw words (the node atom compares by word too)
            if (std::memcmp(p + 1, q + 1, n * 8) != 0) return false;
            break;
        }
    }
    return true;
}

} // namespace

int compareNumbers(Term a, Term b) {
    if (a.isSmall() && b.isSmall()) return sign3(a.small(), b.small());
    bool fa = a.isFloat(), fb = b.isFloat();
    if (fa && fb) {
        double x = a.floatValue(), y = b.floatValue();
        return x < y ? -1 : (x > y ? 1 : 0);
    }
    if (fa) return compareFloatInteger(a.floatValue(), b);
    if (fb) return -compareFloatInteger(b.floatValue(), a);
    IntegerView x(a), y(b);
    int c = mpz_cmp(x, y);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

int compareTerms(Term a, Term b, const AtomTable& atoms) {
    if (a.isSmall() && b.isSmall()) return sign3(a.small(), b.small());
    if (a.isAtom() && b.isAtom()) return a == b ? 0 : compareAtomNames(a, b, atoms);
    return compareWalk(a, b, atoms, false);
}

int compareMapKeys(Term a, Term b, const AtomTable& atoms) {
    if (a.isSmall() && b.isSmall()) return sign3(a.small(), b.small());
    if (a.isAtom() && b.isAtom()) return a == b ? 0 : compareAtomNames(a, b, atoms);
    return compareWalk(a, b, atoms, true);
}

bool exactEqSlow(Term a, Term b) {
    return equalWalk(a, b, true);
}
bool eqSlow(Term a, Term b) {
    return equalWalk(a, b, false);
}

} // namespace pfun::vm
