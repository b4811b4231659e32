// The maps module's native functions, with erl's {badmap, M} / {badkey, K} errors.
// Functions that take a fun (map, filter, fold ...) are in stdlib/erl/maps.erl.
#include "bif_util.h"

#include "pfun/vm/construct.h"
#include "pfun/vm/map.h"

#include <vector>

namespace pfun::stdlib::detail {

using vm::Process;
using vm::Term;
namespace atoms = vm::atoms;

namespace {

Term badmap(Process& p, Term m) {
    return errorTuple(p, atoms::kBadmap, m);
}

Term get2(Process& p, const Term* a) {
    if (!a[1].isMap()) return badmap(p, a[1]);
    Term v = vm::mapGet(a[1], a[0]);
    if (v.isNonValue()) return errorTuple(p, atoms::kBadkey, a[0]);
    return v;
}
Term get3(Process& p, const Term* a) {
    if (!a[1].isMap()) return badmap(p, a[1]);
    Term v = vm::mapGet(a[1], a[0]);
    return v.isNonValue() ? a[2] : v;
}
Term find(Process& p, const Term* a) {
    if (!a[1].isMap()) return badmap(p, a[1]);
    Term v = vm::mapGet(a[1], a[0]);
    if (v.isNonValue()) return atoms::kError;
    return vm::makeTuple(p.heap(), {atoms::kOk, v});
}
Term isKey(Process& p, const Term* a) {
    if (!a[1].isMap()) return badmap(p, a[1]);
    return vm::boolAtom(!vm::mapGet(a[1], a[0]).isNonValue());
}
Term put(Process& p, const Term* a) {
    if (!a[2].isMap()) return badmap(p, a[2]);
    return vm::mapPut(p.heap(), a[2], a[0], a[1], p.runtime().atoms());
}
Term update(Process& p, const Term* a) {
    if (!a[2].isMap()) return badmap(p, a[2]);
    Term r = vm::mapUpdate(p.heap(), a[2], a[0], a[1]);
    if (r.isNonValue()) return errorTuple(p, atoms::kBadkey, a[0]);
    return r;
}
Term remove(Process& p, const Term* a) {
    if (!a[1].isMap()) return badmap(p, a[1]);
    return vm::mapRemove(p.heap(), a[1], a[0], p.runtime().atoms());
}
Term take(Process& p, const Term* a) {
    if (!a[1].isMap()) return badmap(p, a[1]);
    Term v = vm::mapGet(a[1], a[0]);
    if (v.isNonValue()) return atoms::kError;
    Term rest = vm::mapRemove(p.heap(), a[1], a[0], p.runtime().atoms());
    return vm::makeTuple(p.heap(), {v, rest});
}
// keys/values list a large map in to_list's order; folds and iterators go the other
// way (see map.h's MapOrder), as erl does.
Term keys(Process& p, const Term* a) {
    if (!a[0].isMap()) return badmap(p, a[0]);
    std::vector<Term> ks, vs;
    vm::mapCollect(a[0], ks, vs, vm::MapOrder::List);
    return vm::makeList(p.heap(), ks);
}
Term values(Process& p, const Term* a) {
    if (!a[0].isMap()) return badmap(p, a[0]);
    std::vector<Term> ks, vs;
    vm::mapCollect(a[0], ks, vs, vm::MapOrder::List);
    return vm::makeList(p.heap(), vs);
}
Term toList(Process& p, const Term* a) {
    if (!a[0].isMap()) return badmap(p, a[0]);
    return vm::mapToList(p.heap(), a[0]);
}
Term fromList(Process& p, const Term* a) {
    Term r = vm::mapFromList(p.heap(), a[0], p.runtime().atoms());
    return r.isNonValue() ? p.badarg() : r;
}
Term size(Process& p, const Term* a) {
    if (!a[0].isMap()) return badmap(p, a[0]);
    return Term::makeSmall(static_cast<int64_t>(vm::mapSize(a[0])));
}
Term newMap(Process& p, const Term*) {
    return vm::mapEmpty(p.heap());
}

// merge(M1, M2): M2's values win.
Term merge(Process& p, const Term* a) {
    if (!a[0].isMap()) return badmap(p, a[0]);
    if (!a[1].isMap()) return badmap(p, a[1]);
    std::vector<Term> ks, vs;
    vm::mapCollect(a[0], ks, vs);
    vm::mapCollect(a[1], ks, vs);
    return vm::mapNew(p.heap(), ks, vs, p.runtime().atoms());
}

Term fromKeys(Process& p, const Term* a) {
    std::vector<Term> ks, vs;
    Term l = a[0];
    for (; l.isList(); l = l.tail()) {
        ks.push_back(l.head());
        vs.push_back(a[1]);
    }
    if (!l.isNil()) return p.badarg();
    return vm::mapNew(p.heap(), ks, vs, p.runtime().atoms());
}

constexpr BifSpec kMapsBifs[] = {
    {"maps", "get", 2, get2},       {"maps", "get", 3, get3},
    {"maps", "find", 2, find},      {"maps", "is_key", 2, isKey},
    {"maps", "put", 3, put},        {"maps", "update", 3, update},
    {"maps", "remove", 2, remove},  {"maps", "take", 2, take},
    {"maps", "keys", 1, keys},      {"maps", "values", 1, values},
    {"maps", "to_list", 1, toList}, {"maps", "from_list", 1, fromList},
    {"maps", "size", 1, size},      {"maps", "new", 0, newMap},
    {"maps", "merge", 2, merge},    {"maps", "from_keys", 2, fromKeys},
};

} // namespace

void registerMapsBifs(vm::Runtime& rt) {
    registerTable(rt, kMapsBifs);
}

} // namespace pfun::stdlib::detail
