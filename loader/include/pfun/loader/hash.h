// Content hashes of code objects: every named function and every lambda body is named
// by XXH3-128 over a canonical encoding of what it does, in which each reference to
// another (non-ambient) function is that function's hash — a Merkle DAG, so a hash
// names exact behaviour, dependencies included. docs/internals/hashing.md gives the
// encoding byte by byte.
//
// Invariants:
//  - a hash depends only on behaviour: arity, frame size, code words, literals (in a
//    canonical term encoding: atoms by name, map entries in key order), jump tables
//    (entries in canonical order), BIFs and ambient callees by module/name/arity, the
//    lambdas a function creates and the functions it calls (by hash). Never on debug
//    info (names of the function and its module, line tables, file name, source), atom
//    numbers, addresses or the order of hash containers. So hashes are identical
//    across runs, builds and machines, and two modules with identical functions share
//    them.
//  - the function's own name is NOT hashed: two functions that do the same thing are
//    the same code object (as in Unison); names are debug info kept beside it.
//  - mutually recursive functions (a strongly connected component of the call graph,
//    found with Tarjan; self-recursion is the one-member case) are hashed as one
//    group; each member's hash is derived from the group hash and its index in an
//    order that depends on the members' code, not their names or source order.
//  - ambient code (BIFs, the embedded standard library) is referenced by name, never
//    by hash: the caller says which modules are ambient.
// Hashing reads a module without changing it; bad input yields a reason, never a crash.
#pragma once

#include "pfun/vm/atom.h"
#include "pfun/vm/code.h"

#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace pfun::loader {

// The 16 bytes of XXH3-128 in its canonical (big-endian) byte order.
using CodeHash = std::array<uint8_t, 16>;

// 32 lowercase hex digits.
std::string toHex(const CodeHash& h);

// How a code object refers to another function.
struct CodeRef {
    enum class Kind : uint8_t {
        Hash,    // pinned: `hash` is the callee's hash
        Ambient, // by name: a BIF module or an embedded library module
        ByName,  // by name: the callee's module was not given (resolved at run time)
    };
    Kind kind = Kind::ByName;
    std::string module, name; // the callee as written (debug info for a Hash reference)
    uint32_t arity = 0;
    CodeHash hash{};
    // For a Hash reference to a function of the given modules: that function.
    const vm::FunctionCode* callee = nullptr;
};

// The hash of one code object and what it refers to.
struct FunctionHash {
    const vm::ModuleCode* module = nullptr;
    const vm::FunctionCode* function = nullptr;
    CodeHash hash{};
    CodeHash group{};              // hash of its strongly connected component
    uint32_t groupSize = 1;        // 1 unless mutually recursive
    uint32_t groupIndex = 0;       // position in the group's canonical order
    bool crossModuleGroup = false; // its group has members in another module
    std::vector<CodeRef> calls;    // one per entry of function->targets (F operands)
    std::vector<CodeRef> lambdas;  // lambdas it creates (MAKE_FUN), in first-use order
};

struct HashSet {
    std::vector<FunctionHash> functions; // module by module, in function order
    std::unordered_map<const vm::FunctionCode*, size_t> index;

    const FunctionHash* find(const vm::FunctionCode* f) const {
        auto it = index.find(f);
        return it == index.end() ? nullptr : &functions[it->second];
    }
};

// Says whether a module (by name) is ambient. Empty: no module is ambient.
using AmbientPredicate = std::function<bool(std::string_view module)>;

// Hashes every function and lambda body of `modules` (calls between them, cycles
// across them included, are resolved by hash). A static call to a module that is
// neither given nor ambient is a by-name reference (CodeRef::Kind::ByName). Returns
// false with a reason when a module is malformed (undecodable code, an index out of
// range, a literal that has no canonical encoding).
bool hashModules(std::span<const vm::ModuleCode* const> modules, const vm::AtomTable& atoms,
                 const AmbientPredicate& isAmbient, HashSet& out, std::string* error = nullptr);

// The closure of a root: the hashes of the root and of every code object reachable
// from it by calls and lambdas (ambient and by-name references excluded), sorted.
std::vector<CodeHash> closureOf(const HashSet& hashes, const vm::FunctionCode* root);

} // namespace pfun::loader
