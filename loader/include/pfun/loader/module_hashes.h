// Content hashes of loaded code, computed on demand.
//
// A module loaded from source or a .pfb has no hashes yet: a function's hash needs
// the hashes of every function it calls (docs/internals/hashing.md), so it can only be
// computed once the modules it references are known. ModuleHashes computes them when
// first asked (building a portable fun's fun_info, a remote spawn, ...): it hashes the
// function's module version together with every non-ambient module it references,
// transitively, loading missing ones through the runtime's module loader
// (Runtime::ensureLoaded), with loader::hashModules.
//
// Invariants:
//  - results are cached per module version (the ModuleCode the function belongs to);
//    a cached result is used only while every other module it was hashed with is
//    still the current version of its name (a reload of a callee re-hashes, as a
//    new callee makes a new hash);
//  - code loaded by hash (FunctionCode::hasContentHash) is never re-hashed: its
//    stored hash is the answer;
//  - ambient modules (BIFs, the embedded library) are never loaded for hashing and
//    are referenced by name;
//  - thread-safe: any scheduler thread may ask; one mutex serialises the hashing.
//
// installModuleHashes makes a ModuleHashes the Runtime's code hasher, which is how the
// VM and the BIFs reach it (Runtime::codeHash) without depending on loader/.
#pragma once

#include "pfun/loader/hash.h"
#include "pfun/vm/code_hash_info.h"
#include "pfun/vm/runtime.h"

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace pfun::loader {

class ModuleHashes {
  public:
    explicit ModuleHashes(AmbientPredicate isAmbient) : isAmbient_(std::move(isAmbient)) {}

    // The hash of `fn` (a loaded function or lambda body), its direct references and
    // its closure (root first). nullptr with a reason when the code is not loaded or
    // cannot be hashed.
    std::shared_ptr<const vm::CodeHashInfo> hashOf(vm::Runtime& rt, const vm::FunctionCode& fn,
                                                   std::string* error = nullptr);

    // The HashSet `fn`'s module version was hashed in (every function of it and of the
    // modules it references), or nullptr with a reason.
    std::shared_ptr<const HashSet> hashSetOf(vm::Runtime& rt, const vm::FunctionCode& fn,
                                             std::string* error = nullptr);

  private:
    struct Cached {
        // Every module hashed with the root module, with the version that was used.
        std::vector<std::pair<vm::Term, const vm::ModuleCode*>> versions;
        std::shared_ptr<const HashSet> hashes;
        std::unordered_map<const vm::FunctionCode*, std::shared_ptr<const vm::CodeHashInfo>> infos;
    };
    Cached* cachedFor(vm::Runtime& rt, const vm::ModuleCode& module, std::string* error);

    AmbientPredicate isAmbient_;
    std::mutex mutex_;
    std::unordered_map<const vm::ModuleCode*, Cached> cache_;
};

// Installs a ModuleHashes with `isAmbient` as rt's code hasher (Runtime::codeHash).
void installModuleHashes(vm::Runtime& rt, AmbientPredicate isAmbient);

} // namespace pfun::loader
