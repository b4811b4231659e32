// What the runtime can learn about a loaded function's content hash, without the VM
// depending on the hashing code.
//
// A function's content hash (docs/internals/hashing.md) needs the hashes of every
// function it calls, so it is computed by the loader over the function's module and
// every module it references. The VM only needs the result (for portable funs:
// erlang:fun_info/1,2, portable_fun_info/2, and later shipping): the host installs a
// CodeHasher on the Runtime (loader::installModuleHashes does), and BIFs ask
// Runtime::codeHash(fn).
//
// Invariants:
//  - `closure` holds the root first, then every other code object reachable from it by
//    pinned calls and lambdas, each once (ambient and by-name callees are not in it);
//  - every FunctionCode pointer names loaded code, alive for the Runtime's life;
//  - a CodeHashInfo is immutable once made (shared between callers).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace pfun::vm {

struct FunctionCode;

using ContentHash = std::array<uint8_t, 16>;

// One reference from a code object to another function, as written in its code.
struct CodeHashRef {
    enum class Kind : uint8_t {
        Hash,    // pinned by `hash`
        Ambient, // a BIF or embedded library module, by name
        ByName,  // a module that could not be loaded: resolved by name at run time
    };
    Kind kind = Kind::ByName;
    std::string module, name;
    uint32_t arity = 0;
    ContentHash hash{};
    const FunctionCode* callee = nullptr; // the pinned callee, when known
};

// One code object of a closure.
struct CodeHashEntry {
    const FunctionCode* function = nullptr;
    ContentHash hash{};
    std::vector<CodeHashRef> calls;   // direct call targets, in the code's order
    std::vector<CodeHashRef> lambdas; // lambda bodies it creates
};

struct CodeHashInfo {
    ContentHash hash{};                 // the root's hash (== closure[0].hash)
    std::vector<CodeHashEntry> closure; // root first
};

} // namespace pfun::vm
