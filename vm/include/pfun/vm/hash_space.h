// The hash space: code a Runtime loaded by content hash (shipped code, the code
// store), kept apart from the module table.
//
// Each loaded function is one FunctionCode in a one-function ModuleCode of its own
// (its lambda table and literal heap), named by its content hash. Nothing here ever
// enters the module table or replaces a module: two versions of a module run side by
// side, one as a module, others by hash.
//
// Linking:
//  - a call by hash goes through a CallTarget pinned to (hash, arity), one per pair,
//    shared by every caller and owned here. When the callee is loaded the target holds
//    its code and the call is a direct jump, as a local call; when it is not, the
//    target stays empty and records the hash (CallTarget::pinnedHash), and a call
//    reaching it asks the Runtime's missing-code handler (runtime.h). Loading the
//    callee later publishes its code into the target (CallTarget::publish), so a
//    partially loaded closure completes without a lookup on any later call;
//  - a call by name goes through the runtime's export slot, as module code does;
//  - a lambda's body must be loaded with its creator or before (a FunEntry needs its
//    code when the fun is made); only calls may be missing.
// Loading is transactional: a batch is checked whole (BIFs known, lambda bodies
// present, arities in agreement with loaded callees), then published in one step
// under the space's lock; a failed batch publishes nothing. Loaded code is kept for
// the Runtime's life (fun terms and frames may point into it), as module versions are.
//
// Thread safety: every member function may be called from any thread. Calls through
// pinned targets read them with acquire loads (CallTarget::codeNow).
#pragma once

#include "pfun/vm/code.h"

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace pfun::vm {

class Runtime;

using ContentHash = std::array<uint8_t, 16>;

// 32 lowercase hex digits (loader::toHex is this).
std::string toHex(const ContentHash& h);

// One function ready to load, in the vm's terms (the loader builds it from a verified
// code object: loader::loadObjects).
struct HashedFunction {
    // functions[0] is the code; lambdas[0..createdLambdas) the lambdas it creates
    // (FunEntry::code may be nullptr: the body named by lambdaBodies[i] is linked
    // here), then its own entry if it is a lambda body. Not linked yet: BIFs by name,
    // targets symbolic.
    std::unique_ptr<ModuleCode> module;
    ContentHash hash{};
    struct Ref {
        bool byHash = false; // else by name (the target's module/name/arity)
        ContentHash hash{};
    };
    std::vector<Ref> calls;                // per functions[0]->targets[i]
    std::vector<ContentHash> lambdaBodies; // per created lambda
};

class HashSpace {
  public:
    explicit HashSpace(Runtime& rt) : rt_(rt) {}
    HashSpace(const HashSpace&) = delete;
    HashSpace& operator=(const HashSpace&) = delete;

    // Links and publishes a batch, all or nothing. Functions already loaded are
    // skipped (same hash, same code). False with a reason in *error.
    bool load(std::vector<HashedFunction> batch, std::string* error = nullptr);

    // The loaded code for a hash, or nullptr.
    const FunctionCode* find(const ContentHash& h) const;
    bool contains(const ContentHash& h) const { return find(h) != nullptr; }

    // The hashes a loaded function's closure still lacks (calls whose callee is not
    // loaded), sorted. Empty when the closure is complete or `root` is not loaded.
    std::vector<ContentHash> missing(const ContentHash& root) const;

    // The hashes a loaded function references (calls by hash and lambda bodies).
    std::vector<ContentHash> references(const ContentHash& h) const;

    // A FunEntry for a loaded lambda body (its own entry), to make a fun of it
    // (a pfun's root is a lambda body); nullptr when the hash is not a loaded lambda body.
    const FunEntry* lambdaEntry(const ContentHash& h) const;

    size_t size() const;

  private:
    struct Loaded {
        std::unique_ptr<ModuleCode> module;
        std::vector<ContentHash> refs;
    };
    struct HashKey {
        size_t operator()(const ContentHash& h) const;
    };
    struct Pinned {
        CallTarget target;
        ContentHash hash{}; // target.pinnedHash points here
    };
    // The target pinned to (hash, arity), created empty on first use.
    CallTarget* pinned(const ContentHash& h, uint32_t arity, Term module, Term name);

    Runtime& rt_;
    mutable std::mutex mutex_;
    std::unordered_map<ContentHash, Loaded, HashKey> loaded_;
    std::map<std::pair<ContentHash, uint32_t>, std::unique_ptr<Pinned>> pinned_;
};

} // namespace pfun::vm
