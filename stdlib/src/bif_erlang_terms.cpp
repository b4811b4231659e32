// erlang BIFs on tuples, lists, maps and binaries as data structures: element/2,
// setelement/3, length/1, hd/1, '++'/2, '--'/2, map_get/2, split_binary/2 ...
#include "bif_util.h"

#include "pfun/vm/binary.h"
#include "pfun/vm/compare.h"
#include "pfun/vm/construct.h"
#include "pfun/vm/map.h"

#include <map>
#include <vector>

namespace pfun::stdlib::detail {

using vm::Process;
using vm::Term;
namespace atoms = vm::atoms;

Term errorTuple(Process& p, Term tag, Term value) {
    return p.error(vm::makeTuple(p.heap(), {tag, value}));
}

int64_t properLength(Term list) {
    int64_t n = 0;
    for (; list.isList(); list = list.tail())
        ++n;
    return list.isNil() ? n : -1;
}

namespace {

// A 1-based index argument within 1..limit, or 0.
uint64_t index1(Term t, uint64_t limit) {
    if (!t.isSmall() || t.small() < 1 || static_cast<uint64_t>(t.small()) > limit) return 0;
    return static_cast<uint64_t>(t.small());
}

Term element(Process& p, const Term* a) {
    if (!a[1].isTuple()) return p.badarg();
    uint64_t i = index1(a[0], a[1].tupleArity());
    if (!i) return p.badarg();
    return a[1].element(i - 1);
}

Term setelement(Process& p, const Term* a) {
    if (!a[1].isTuple()) return p.badarg();
    uint64_t n = a[1].tupleArity();
    uint64_t i = index1(a[0], n);
    if (!i) return p.badarg();
    Term* elems;
    Term t = vm::allocTuple(p.heap(), n, elems);
    for (uint64_t k = 0; k < n; ++k)
        elems[k] = a[1].element(k);
    elems[i - 1] = a[2];
    return t;
}

Term tupleSize(Process& p, const Term* a) {
    if (!a[0].isTuple()) return p.badarg();
    return Term::makeSmall(static_cast<int64_t>(a[0].tupleArity()));
}

Term byteSize(Process& p, const Term* a) {
    if (!a[0].isBitstring()) return p.badarg();
    return Term::makeSmall(static_cast<int64_t>((vm::bitstringBits(a[0]) + 7) / 8));
}
Term bitSize(Process& p, const Term* a) {
    if (!a[0].isBitstring()) return p.badarg();
    return Term::makeSmall(static_cast<int64_t>(vm::bitstringBits(a[0])));
}
Term size(Process& p, const Term* a) {
    if (a[0].isTuple()) return tupleSize(p, a);
    return byteSize(p, a);
}

Term length(Process& p, const Term* a) {
    int64_t n = properLength(a[0]);
    if (n < 0) return p.badarg();
    return Term::makeSmall(n);
}
Term hd(Process& p, const Term* a) {
    if (!a[0].isList()) return p.badarg();
    return a[0].head();
}
Term tl(Process& p, const Term* a) {
    if (!a[0].isList()) return p.badarg();
    return a[0].tail();
}

Term tupleToList(Process& p, const Term* a) {
    if (!a[0].isTuple()) return p.badarg();
    uint64_t n = a[0].tupleArity();
    return vm::makeList(p.heap(), std::span<const Term>(a[0].tupleElements(), n));
}
Term listToTuple(Process& p, const Term* a) {
    int64_t n = properLength(a[0]);
    if (n < 0) return p.badarg();
    Term* elems;
    Term t = vm::allocTuple(p.heap(), static_cast<size_t>(n), elems);
    for (Term l = a[0]; l.isList(); l = l.tail())
        *elems++ = l.head();
    return t;
}

constexpr int64_t kMaxTupleSize = (int64_t(1) << 24) - 1;

Term makeTuple2(Process& p, const Term* a) {
    if (!a[0].isSmall() || a[0].small() < 0 || a[0].small() > kMaxTupleSize) return p.badarg();
    Term* elems;
    Term t = vm::allocTuple(p.heap(), static_cast<size_t>(a[0].small()), elems);
    for (int64_t i = 0; i < a[0].small(); ++i)
        elems[i] = a[1];
    return t;
}
// make_tuple(Arity, Default, [{Position, Term}])
Term makeTuple3(Process& p, const Term* a) {
    if (!a[0].isSmall() || a[0].small() < 0 || a[0].small() > kMaxTupleSize ||
        properLength(a[2]) < 0)
        return p.badarg();
    auto n = static_cast<uint64_t>(a[0].small());
    for (Term l = a[2]; l.isList(); l = l.tail()) {
        Term e = l.head();
        if (!e.isTuple() || e.tupleArity() != 2 || !index1(e.element(0), n)) return p.badarg();
    }
    Term* elems;
    Term t = vm::allocTuple(p.heap(), n, elems);
    for (uint64_t i = 0; i < n; ++i)
        elems[i] = a[1];
    for (Term l = a[2]; l.isList(); l = l.tail())
        elems[l.head().element(0).small() - 1] = l.head().element(1);
    return t;
}
Term appendElement(Process& p, const Term* a) {
    if (!a[0].isTuple()) return p.badarg();
    uint64_t n = a[0].tupleArity();
    Term* elems;
    Term t = vm::allocTuple(p.heap(), n + 1, elems);
    for (uint64_t i = 0; i < n; ++i)
        elems[i] = a[0].element(i);
    elems[n] = a[1];
    return t;
}
Term insertElement(Process& p, const Term* a) {
    if (!a[1].isTuple()) return p.badarg();
    uint64_t n = a[1].tupleArity();
    uint64_t i = index1(a[0], n + 1);
    if (!i) return p.badarg();
    Term* elems;
    Term t = vm::allocTuple(p.heap(), n + 1, elems);
    for (uint64_t k = 0, j = 0; k < n + 1; ++k)
        elems[k] = k == i - 1 ? a[2] : a[1].element(j++);
    return t;
}
Term deleteElement(Process& p, const Term* a) {
    if (!a[1].isTuple()) return p.badarg();
    uint64_t n = a[1].tupleArity();
    uint64_t i = index1(a[0], n);
    if (!i) return p.badarg();
    Term* elems;
    Term t = vm::allocTuple(p.heap(), n - 1, elems);
    for (uint64_t k = 0, j = 0; k < n; ++k)
        if (k != i - 1) elems[j++] = a[1].element(k);
    return t;
}

// '++': copies the left list onto the right one (which may be anything).
Term append(Process& p, const Term* a) {
    if (a[0].isNil()) return a[1];
    int64_t n = properLength(a[0]);
    if (n < 0) return p.badarg();
    if (a[1].isNil()) return a[0];
    Term* cells = p.heap().alloc(static_cast<size_t>(2 * n));
    Term* c = cells;
    for (Term l = a[0]; l.isList(); l = l.tail(), c += 2) {
        c[0] = l.head();
        c[1] = l.tail().isList() ? Term::makeCons(c + 2) : a[1];
    }
    return Term::makeCons(cells);
}

// '--': removes, for each element of the right list, its first occurrence (=:=) in
// the left list. Counting the right list's elements in an ordered multiset makes it
// O((n + m) log m) instead of erl's naive O(n * m), with the same result.
Term subtract(Process& p, const Term* a) {
    int64_t n = properLength(a[0]);
    int64_t m = properLength(a[1]);
    if (n < 0 || m < 0) return p.badarg();
    if (n == 0 || m == 0) return a[0];
    const vm::AtomTable& atoms = p.runtime().atoms();
    auto less = [&atoms](Term x, Term y) { return vm::compareMapKeys(x, y, atoms) < 0; };
    std::map<Term, int64_t, decltype(less)> counts(less);
    for (Term l = a[1]; l.isList(); l = l.tail())
        ++counts[l.head()];
    std::vector<Term> kept;
    kept.reserve(static_cast<size_t>(n));
    for (Term l = a[0]; l.isList(); l = l.tail()) {
        if (!counts.empty()) {
            auto it = counts.find(l.head());
            if (it != counts.end()) {
                if (--it->second == 0) counts.erase(it);
                continue;
            }
        }
        kept.push_back(l.head());
    }
    return vm::makeList(p.heap(), kept);
}

Term mapSize(Process& p, const Term* a) {
    if (!a[0].isMap()) return errorTuple(p, atoms::kBadmap, a[0]);
    return Term::makeSmall(static_cast<int64_t>(vm::mapSize(a[0])));
}
Term mapGet(Process& p, const Term* a) {
    if (!a[1].isMap()) return errorTuple(p, atoms::kBadmap, a[1]);
    Term v = vm::mapGet(a[1], a[0]);
    if (v.isNonValue()) return errorTuple(p, atoms::kBadkey, a[0]);
    return v;
}
Term isMapKey(Process& p, const Term* a) {
    if (!a[1].isMap()) return errorTuple(p, atoms::kBadmap, a[1]);
    return vm::boolAtom(!vm::mapGet(a[1], a[0]).isNonValue());
}

Term splitBinary(Process& p, const Term* a) {
    if (!vm::isBinaryTerm(a[0]) || !a[1].isSmall() || a[1].small() < 0) return p.badarg();
    uint64_t bytes = vm::bitstringBits(a[0]) / 8;
    auto pos = static_cast<uint64_t>(a[1].small());
    if (pos > bytes) return p.badarg();
    Term left = vm::makeSubBinary(p.heap(), a[0], 0, pos * 8);
    Term right = vm::makeSubBinary(p.heap(), a[0], pos * 8, (bytes - pos) * 8);
    return vm::makeTuple(p.heap(), {left, right});
}

Term binaryPartImpl(Process& p, Term bin, Term start, Term len) {
    if (!vm::isBinaryTerm(bin) || !start.isSmall() || !len.isSmall()) return p.badarg();
    int64_t size = static_cast<int64_t>(vm::bitstringBits(bin) / 8);
    int64_t s = start.small(), l = len.small();
    if (l < 0) {
        s += l;
        l = -l;
    }
    if (s < 0 || s > size || l > size - s) return p.badarg();
    return vm::makeSubBinary(p.heap(), bin, static_cast<uint64_t>(s) * 8,
                             static_cast<uint64_t>(l) * 8);
}
Term binaryPart2(Process& p, const Term* a) {
    if (!a[1].isTuple() || a[1].tupleArity() != 2) return p.badarg();
    return binaryPartImpl(p, a[0], a[1].element(0), a[1].element(1));
}
Term binaryPart3(Process& p, const Term* a) {
    return binaryPartImpl(p, a[0], a[1], a[2]);
}

constexpr BifSpec kTermBifs[] = {
    {"erlang", "element", 2, element, true},
    {"erlang", "setelement", 3, setelement},
    {"erlang", "tuple_size", 1, tupleSize, true},
    {"erlang", "size", 1, size, true},
    {"erlang", "byte_size", 1, byteSize, true},
    {"erlang", "bit_size", 1, bitSize, true},
    {"erlang", "length", 1, length, true},
    {"erlang", "hd", 1, hd, true},
    {"erlang", "tl", 1, tl, true},
    {"erlang", "tuple_to_list", 1, tupleToList},
    {"erlang", "list_to_tuple", 1, listToTuple},
    {"erlang", "make_tuple", 2, makeTuple2},
    {"erlang", "make_tuple", 3, makeTuple3},
    {"erlang", "append_element", 2, appendElement},
    {"erlang", "insert_element", 3, insertElement},
    {"erlang", "delete_element", 2, deleteElement},
    {"erlang", "++", 2, append},
    {"erlang", "append", 2, append},
    {"erlang", "--", 2, subtract},
    {"erlang", "subtract", 2, subtract},
    {"erlang", "map_size", 1, mapSize, true},
    {"erlang", "map_get", 2, mapGet, true},
    {"erlang", "is_map_key", 2, isMapKey, true},
    {"erlang", "split_binary", 2, splitBinary},
    {"erlang", "binary_part", 2, binaryPart2, true},
    {"erlang", "binary_part", 3, binaryPart3, true},
};

} // namespace

void registerErlangTermBifs(vm::Runtime& rt) {
    registerTable(rt, kTermBifs);
}

} // namespace pfun::stdlib::detail
