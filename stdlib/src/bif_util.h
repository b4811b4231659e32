// Helpers every BIF file uses: registration tables, atoms by name, list walking.
#pragma once

#include "pfun/vm/atom.h"
#include "pfun/vm/bif.h"
#include "pfun/vm/construct.h"
#include "pfun/vm/process.h"
#include "pfun/vm/runtime.h"
#include "pfun/vm/term.h"

#include <span>
#include <string_view>

namespace pfun::stdlib::detail {

struct BifSpec {
    std::string_view module;
    std::string_view name;
    uint32_t arity;
    vm::BifFn fn;
    bool guardSafe = false;
};

inline void registerTable(vm::Runtime& rt, std::span<const BifSpec> table) {
    // A table lists one module's BIFs together: its atom is interned once per run of
    // entries (this runs at every start-up).
    std::string_view module;
    vm::Term moduleAtom = vm::Term::nil();
    for (const BifSpec& b : table) {
        if (moduleAtom.isNil() || b.module != module) {
            module = b.module;
            moduleAtom = *rt.atoms().intern(module);
        }
        rt.bifs().add(moduleAtom, *rt.atoms().intern(b.name), b.arity, b.fn, b.guardSafe);
    }
}

// An atom by name (names used here are short and valid, so interning cannot fail).
inline vm::Term atom(vm::Process& p, std::string_view name) {
    return *p.runtime().atoms().intern(name);
}

// Raises error:{not_permitted, {Module, Function}}: what a BIF that reaches outside
// the node (the environment, halting it) answers code a peer spawned on it.
inline vm::Term notPermitted(vm::Process& p, std::string_view module, std::string_view fn) {
    vm::Heap& h = p.heap();
    return p.error(vm::makeTuple(
        h, {atom(p, "not_permitted"), vm::makeTuple(h, {atom(p, module), atom(p, fn)})}));
}

// Raises error:{Tag, Value} (badkey, badmap, ...).
vm::Term errorTuple(vm::Process& p, vm::Term tag, vm::Term value);

// Number of elements of a proper list, or -1.
int64_t properLength(vm::Term list);

// The BIF groups, one per file.
void registerIoBifs(vm::Runtime&);
void registerErlangTypeBifs(vm::Runtime&);
void registerErlangTermBifs(vm::Runtime&);
void registerErlangOpBifs(vm::Runtime&);
void registerErlangConvertBifs(vm::Runtime&);
void registerErlangMiscBifs(vm::Runtime&);
void registerErlangDigestBifs(vm::Runtime&);
void registerListsBifs(vm::Runtime&);
void registerMapsBifs(vm::Runtime&);
void registerMathBifs(vm::Runtime&);
void registerStringBifs(vm::Runtime&);
void registerErlangPfunBifs(vm::Runtime&);
void registerSystemBifs(vm::Runtime&);
void registerOsBifs(vm::Runtime&);
void registerFileBifs(vm::Runtime&);

} // namespace pfun::stdlib::detail
