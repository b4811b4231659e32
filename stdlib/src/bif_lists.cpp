// The hot functions of the lists module, native: reverse, member, keyfind, sort, seq...
// The rest of lists is Erlang code in stdlib/erl/lists.erl.
#include "bif_util.h"

#include "pfun/vm/compare.h"
#include "pfun/vm/construct.h"

#include <algorithm>
#include <vector>

namespace pfun::stdlib::detail {

using vm::Process;
using vm::Term;
namespace atoms = vm::atoms;

namespace {

Term functionClause(Process& p) {
    return p.error(atoms::kFunctionClause);
}

Term reverse2(Process& p, const Term* a) {
    Term acc = a[1];
    Term l = a[0];
    for (; l.isList(); l = l.tail())
        acc = vm::makeCons(p.heap(), l.head(), acc);
    if (!l.isNil()) return p.badarg();
    return acc;
}
// Like erl: no clause matches a non-list or [X | NonList]; a longer improper list
// fails inside reverse/2 with badarg.
Term reverse1(Process& p, const Term* a) {
    Term l = a[0];
    if (!l.isNil() && !(l.isList() && (l.tail().isList() || l.tail().isNil())))
        return functionClause(p);
    Term args[2] = {a[0], Term::nil()};
    return reverse2(p, args);
}

Term member(Process& p, const Term* a) {
    Term l = a[1];
    for (; l.isList(); l = l.tail())
        if (vm::exactEq(l.head(), a[0])) return atoms::kTrue;
    if (!l.isNil()) return p.badarg();
    return atoms::kFalse;
}

// The first tuple whose N-th element == Key; nonValue after badarg.
Term keyFind(Process& p, Term key, Term n, Term list, bool& found) {
    found = false;
    if (!n.isSmall() || n.small() < 1) return p.badarg();
    auto pos = static_cast<uint64_t>(n.small());
    Term l = list;
    for (; l.isList(); l = l.tail()) {
        Term t = l.head();
        if (t.isTuple() && t.tupleArity() >= pos && vm::eq(t.element(pos - 1), key)) {
            found = true;
            return t;
        }
    }
    if (!l.isNil()) return p.badarg();
    return atoms::kFalse;
}
Term keyfind(Process& p, const Term* a) {
    bool found;
    return keyFind(p, a[0], a[1], a[2], found);
}
Term keymember(Process& p, const Term* a) {
    bool found;
    Term r = keyFind(p, a[0], a[1], a[2], found);
    if (r.isNonValue()) return r;
    return vm::boolAtom(found);
}
Term keysearch(Process& p, const Term* a) {
    bool found;
    Term r = keyFind(p, a[0], a[1], a[2], found);
    if (r.isNonValue() || !found) return r;
    return vm::makeTuple(p.heap(), {atom(p, "value"), r});
}

// lists:append/2 is '++'.
Term append2(Process& p, const Term* a) {
    if (a[0].isNil()) return a[1];
    int64_t n = properLength(a[0]);
    if (n < 0) return p.badarg();
    std::vector<Term> elems;
    elems.reserve(static_cast<size_t>(n));
    for (Term l = a[0]; l.isList(); l = l.tail())
        elems.push_back(l.head());
    return vm::makeList(p.heap(), elems, a[1]);
}

// Collects a proper list; false otherwise.
bool toVector(Term l, std::vector<Term>& out) {
    for (; l.isList(); l = l.tail())
        out.push_back(l.head());
    return l.isNil();
}

// Stable merge sort in term order; 1 and 1.0 compare equal and keep their order.
Term sort1(Process& p, const Term* a) {
    std::vector<Term> v;
    if (!toVector(a[0], v)) return functionClause(p);
    const vm::AtomTable& atoms = p.runtime().atoms();
    bool allSmall = std::all_of(v.begin(), v.end(), [](Term t) { return t.isSmall(); });
    if (allSmall) {
        std::stable_sort(v.begin(), v.end(), [](Term x, Term y) { return x.small() < y.small(); });
    } else {
        std::stable_sort(v.begin(), v.end(), [&atoms](Term x, Term y) {
            if (x.isSmall() && y.isSmall()) return x.small() < y.small();
            return vm::compareTerms(x, y, atoms) < 0;
        });
    }
    return vm::makeList(p.heap(), v);
}

// lists:usort/1: sorted, keeping the first of each run of equal (==) elements.
Term usort1(Process& p, const Term* a) {
    std::vector<Term> v;
    if (!toVector(a[0], v)) return functionClause(p);
    const vm::AtomTable& atoms = p.runtime().atoms();
    auto cmp = [&atoms](Term x, Term y) {
        if (x.isSmall() && y.isSmall())
            return x.small() < y.small() ? -1 : (x.small() > y.small() ? 1 : 0);
        return vm::compareTerms(x, y, atoms);
    };
    std::stable_sort(v.begin(), v.end(), [&](Term x, Term y) { return cmp(x, y) < 0; });
    std::vector<Term> out;
    out.reserve(v.size());
    for (Term t : v)
        if (out.empty() || cmp(out.back(), t) != 0) out.push_back(t);
    return vm::makeList(p.heap(), out);
}

Term nth(Process& p, const Term* a) {
    if (!a[0].isSmall() || a[0].small() < 1) return functionClause(p);
    int64_t n = a[0].small();
    Term l = a[1];
    for (; n > 1 && l.isList(); --n)
        l = l.tail();
    if (!l.isList()) return functionClause(p);
    return l.head();
}

Term seqImpl(Process& p, Term from, Term to, Term incr) {
    if (!from.isSmall() || !to.isSmall() || !incr.isSmall()) return functionClause(p);
    int64_t f = from.small(), t = to.small(), i = incr.small();
    int64_t count;
    if (i > 0) {
        if (t < f - i) return p.badarg();
        count = t < f ? 0 : (t - f) / i + 1;
    } else if (i < 0) {
        if (t > f - i) return p.badarg();
        count = t > f ? 0 : (f - t) / (-i) + 1;
    } else {
        if (f != t) return p.badarg();
        count = 1;
    }
    if (count > (int64_t(1) << 32)) return p.error(atoms::kSystemLimit);
    std::vector<Term> v;
    v.reserve(static_cast<size_t>(count));
    for (int64_t k = 0, x = f; k < count; ++k, x += i)
        v.push_back(Term::makeSmall(x));
    return vm::makeList(p.heap(), v);
}
Term seq2(Process& p, const Term* a) {
    if (!a[0].isSmall() || !a[1].isSmall() || a[1].small() < a[0].small() - 1)
        return functionClause(p);
    return seqImpl(p, a[0], a[1], Term::makeSmall(1));
}
Term seq3(Process& p, const Term* a) {
    return seqImpl(p, a[0], a[1], a[2]);
}

constexpr BifSpec kListsBifs[] = {
    {"lists", "reverse", 1, reverse1},
    {"lists", "reverse", 2, reverse2},
    {"lists", "member", 2, member},
    {"lists", "keyfind", 3, keyfind},
    {"lists", "keymember", 3, keymember},
    {"lists", "keysearch", 3, keysearch},
    {"lists", "append", 2, append2},
    {"lists", "sort", 1, sort1},
    {"lists", "usort", 1, usort1},
    {"lists", "nth", 2, nth},
    {"lists", "seq", 2, seq2},
    {"lists", "seq", 3, seq3},
};

} // namespace

void registerListsBifs(vm::Runtime& rt) {
    registerTable(rt, kListsBifs);
}

} // namespace pfun::stdlib::detail
