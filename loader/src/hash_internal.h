// Hashing with a caller-chosen resolution of call targets. hashModules resolves by
// name among the given modules; the .pfb reader resolves as the file says (a call
// reference that carries a hash is pinned to it), so that it can re-hash one module
// alone and compare with the hashes stored in it.
#pragma once

#include "pfun/loader/hash.h"

#include <map>
#include <optional>
#include <unordered_set>
#include <utility>

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

// For a lambda whose body is not among the given functions (a code object names the
// body by hash, code_object.h): the body's hash, or nullopt (the module is malformed).
using LambdaResolver =
    std::function<std::optional<CodeHash>(const vm::ModuleCode&, uint32_t lambdaIndex)>;

bool hashWithResolver(std::span<const vm::ModuleCode* const> modules, const vm::AtomTable& atoms,
                      const Resolver& resolve, HashSet& out, std::string* error,
                      const LambdaResolver& lambdas = {});

// Lookups into one module, built once so that resolving every call target of a
// large (or hostile) module costs linear time.
class ModuleIndex {
  public:
    explicit ModuleIndex(const vm::ModuleCode& module);

    // The function a call to name/arity reaches, or nullptr (lambda bodies are never
    // call targets; a remote call reaches only exported functions).
    const vm::FunctionCode* find(vm::Term name, uint32_t arity, bool remote) const;

    // True when the call target leaves the module version (as the .pfb writer decides).
    bool isRemote(const vm::CallTarget& t) const;

    const vm::ModuleCode& module() const { return module_; }

  private:
    const vm::ModuleCode& module_;
    std::map<std::pair<uint64_t, uint32_t>, std::pair<const vm::FunctionCode*, bool>> functions_;
    std::unordered_set<const vm::CallTarget*> owned_;
};

} // namespace pfun::loader::detail
