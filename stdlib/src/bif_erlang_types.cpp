// erlang's type tests (all guard-safe).
#include "bif_util.h"

#include "pfun/vm/binary.h"
#include "pfun/vm/code.h"

namespace pfun::stdlib::detail {

using vm::boolAtom;
using vm::Process;
using vm::Term;

namespace {

Term isAtom(Process&, const Term* a) {
    return boolAtom(a[0].isAtom());
}
Term isInteger(Process&, const Term* a) {
    return boolAtom(a[0].isInteger());
}
Term isFloat(Process&, const Term* a) {
    return boolAtom(a[0].isFloat());
}
Term isNumber(Process&, const Term* a) {
    return boolAtom(a[0].isNumber());
}
Term isList(Process&, const Term* a) {
    return boolAtom(a[0].isListOrNil());
}
Term isTuple(Process&, const Term* a) {
    return boolAtom(a[0].isTuple());
}
Term isBinary(Process&, const Term* a) {
    return boolAtom(vm::isBinaryTerm(a[0]));
}
Term isBitstring(Process&, const Term* a) {
    return boolAtom(a[0].isBitstring());
}
Term isMap(Process&, const Term* a) {
    return boolAtom(a[0].isMap());
}
Term isFunction1(Process&, const Term* a) {
    return boolAtom(a[0].isFun());
}
Term isPid(Process&, const Term* a) {
    return boolAtom(a[0].isPid());
}
Term isReference(Process&, const Term* a) {
    return boolAtom(a[0].isRef());
}
Term isPort(Process&, const Term*) {
    return vm::atoms::kFalse;
}
Term isBoolean(Process&, const Term* a) {
    return boolAtom(a[0] == vm::atoms::kTrue || a[0] == vm::atoms::kFalse);
}

// The arity a fun accepts.
uint64_t funArity(Term f) {
    const Term* p = f.boxedPtr();
    if (f.boxKind() == vm::BoxKind::Export)
        return p[3].isSmall() ? static_cast<uint64_t>(p[3].small()) : 0;
    const auto* entry = reinterpret_cast<const vm::FunEntry*>(p[1].raw());
    return entry ? entry->arity : 0;
}

Term isFunction2(Process& p, const Term* a) {
    if (!a[1].isInteger() || (a[1].isSmall() && a[1].small() < 0) ||
        (!a[1].isSmall() && a[1].boxKind() == vm::BoxKind::NegBig))
        return p.badarg();
    if (!a[0].isFun() || !a[1].isSmall()) return vm::atoms::kFalse;
    return boolAtom(funArity(a[0]) == static_cast<uint64_t>(a[1].small()));
}

Term isRecord2(Process& p, const Term* a) {
    if (!a[1].isAtom()) return p.badarg();
    return boolAtom(a[0].isTuple() && a[0].tupleArity() >= 1 && a[0].element(0) == a[1]);
}
Term isRecord3(Process& p, const Term* a) {
    if (!a[1].isAtom() || !a[2].isSmall()) return p.badarg();
    return boolAtom(a[0].isTuple() && a[0].tupleArity() >= 1 &&
                    static_cast<int64_t>(a[0].tupleArity()) == a[2].small() &&
                    a[0].element(0) == a[1]);
}

constexpr BifSpec kTypeBifs[] = {
    {"erlang", "is_atom", 1, isAtom, true},
    {"erlang", "is_integer", 1, isInteger, true},
    {"erlang", "is_float", 1, isFloat, true},
    {"erlang", "is_number", 1, isNumber, true},
    {"erlang", "is_list", 1, isList, true},
    {"erlang", "is_tuple", 1, isTuple, true},
    {"erlang", "is_binary", 1, isBinary, true},
    {"erlang", "is_bitstring", 1, isBitstring, true},
    {"erlang", "is_map", 1, isMap, true},
    {"erlang", "is_function", 1, isFunction1, true},
    {"erlang", "is_function", 2, isFunction2, true},
    {"erlang", "is_pid", 1, isPid, true},
    {"erlang", "is_reference", 1, isReference, true},
    {"erlang", "is_port", 1, isPort, true},
    {"erlang", "is_boolean", 1, isBoolean, true},
    {"erlang", "is_record", 2, isRecord2, true},
    {"erlang", "is_record", 3, isRecord3, true},
};

} // namespace

void registerErlangTypeBifs(vm::Runtime& rt) {
    registerTable(rt, kTypeBifs);
}

} // namespace pfun::stdlib::detail
