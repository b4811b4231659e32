// Hashing with a caller-chosen resolution of call targets. hashModules resolves by
// name among the given modules; the .pfb reader resolves as the file says (a call
// reference that carries a hash is pinned to it), so that it can re-hash one module
// alone and compare with the hashes stored in it.
#pragma once

#include "pfun/loader/hash.h"

namespace pfun::loader::detail {

struct Resolved {
    enum class Kind : uint8_t { ByName, Internal, Pinned };
    Kind kind = Kind::ByName;
    bool ambient = false;                     // for ByName
    const vm::FunctionCode* callee = nullptr; // for Internal (one of the given modules)
    CodeHash hash{};                          // for Pinned
};

using Resolver =
    std::function<Resolved(const vm::ModuleCode&, const vm::FunctionCode&, size_t target)>;

bool hashWithResolver(std::span<const vm::ModuleCode* const> modules, const vm::AtomTable& atoms,
                      const Resolver& resolve, HashSet& out, std::string* error);

// The function of `module` a call to name/arity reaches, or nullptr (lambda bodies
// are never call targets; a remote call reaches only exported functions).
const vm::FunctionCode* findFunction(const vm::ModuleCode& module, vm::Term name, uint32_t arity,
                                     bool remote);

// True when the call target leaves the module version (as the .pfb writer decides).
bool isRemoteTarget(const vm::ModuleCode& module, const vm::CallTarget& t);

} // namespace pfun::loader::detail
