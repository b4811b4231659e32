// BIFs over the state the VM owns: self/0, the process dictionary
// (put/get/erase/get_keys), sending (erlang:send/2, '!'/2) and the module table
// (function_exported/3). Registered by the
// Runtime itself; a host or the standard library may replace any of them by
// registering its own later (BifTable::add overrides).
#include "process_bifs.h"

#include "pfun/vm/compare.h"
#include "pfun/vm/construct.h"
#include "pfun/vm/process.h"
#include "pfun/vm/runtime.h"

#include <vector>

namespace pfun::vm {

namespace {

// The dictionary is a list of {Key, Value} tuples, oldest first; keys compare
// with =:= as in erl.
bool sameKey(Term a, Term b) {
    return exactEq(a, b);
}

Term selfBif(Process& p, const Term*) {
    return p.self();
}

Term getBif(Process& p, const Term* a) {
    for (Term l = p.dictionary(); l.isList(); l = l.tail())
        if (sameKey(l.head().element(0), a[0])) return l.head().element(1);
    return atoms::kUndefined;
}

Term getAllBif(Process& p, const Term*) {
    return p.dictionary();
}

Term getKeysBif(Process& p, const Term*) {
    std::vector<Term> keys;
    for (Term l = p.dictionary(); l.isList(); l = l.tail())
        keys.push_back(l.head().element(0));
    return makeList(p.heap(), std::span<const Term>(keys));
}

Term getKeysOfBif(Process& p, const Term* a) {
    std::vector<Term> keys;
    for (Term l = p.dictionary(); l.isList(); l = l.tail())
        if (sameKey(l.head().element(1), a[0])) keys.push_back(l.head().element(0));
    return makeList(p.heap(), std::span<const Term>(keys));
}

// Rebuilds the dictionary without `key`; returns the old value or nonValue.
Term removeKey(Process& p, Term key) {
    std::vector<Term> kept;
    Term old = Term::nonValue();
    for (Term l = p.dictionary(); l.isList(); l = l.tail()) {
        if (old.isNonValue() && sameKey(l.head().element(0), key))
            old = l.head().element(1);
        else
            kept.push_back(l.head());
    }
    if (!old.isNonValue()) p.dictionary() = makeList(p.heap(), std::span<const Term>(kept));
    return old;
}

Term putBif(Process& p, const Term* a) {
    Term old = removeKey(p, a[0]);
    std::vector<Term> items;
    for (Term l = p.dictionary(); l.isList(); l = l.tail())
        items.push_back(l.head());
    items.push_back(makeTuple(p.heap(), {a[0], a[1]}));
    p.dictionary() = makeList(p.heap(), std::span<const Term>(items));
    return old.isNonValue() ? atoms::kUndefined : old;
}

Term eraseBif(Process& p, const Term* a) {
    Term old = removeKey(p, a[0]);
    return old.isNonValue() ? atoms::kUndefined : old;
}

Term eraseAllBif(Process& p, const Term*) {
    Term all = p.dictionary();
    p.dictionary() = Term::nil();
    return all;
}

// erlang:function_exported/3: the current version of a loaded module exports F/A,
// or F/A is a BIF. Never loads anything.
Term functionExportedBif(Process& p, const Term* a) {
    if (!a[0].isAtom() || !a[1].isAtom() || !a[2].isSmall() || a[2].small() < 0) return p.badarg();
    Runtime& rt = p.runtime();
    auto arity = uint32_t(a[2].small());
    if (rt.bifs().find(a[0], a[1], arity)) return atoms::kTrue;
    const ModuleCode* m = rt.findModule(a[0]);
    if (!m) return atoms::kFalse;
    for (uint32_t idx : m->exports) {
        if (idx >= m->functions.size()) continue;
        const FunctionCode& f = *m->functions[idx];
        if (f.name == a[1] && f.arity == arity) return atoms::kTrue;
    }
    return atoms::kFalse;
}

} // namespace

void registerProcessBifs(Runtime& rt) {
    BifTable& t = rt.bifs();
    Term erlang = atoms::kErlang;
    t.add(erlang, rt.atom("self"), 0, selfBif, true);
    t.add(erlang, rt.atom("put"), 2, putBif);
    t.add(erlang, rt.atom("get"), 1, getBif);
    t.add(erlang, rt.atom("get"), 0, getAllBif);
    t.add(erlang, rt.atom("get_keys"), 0, getKeysBif);
    t.add(erlang, rt.atom("get_keys"), 1, getKeysOfBif);
    t.add(erlang, rt.atom("erase"), 1, eraseBif);
    t.add(erlang, rt.atom("erase"), 0, eraseAllBif);
    t.add(erlang, rt.atom("function_exported"), 3, functionExportedBif);
    registerConcurrencyBifs(rt);
}

} // namespace pfun::vm
