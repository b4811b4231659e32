// Code objects: the standalone, symbolic form of content-addressed code, as the code
// store keeps it on disk and as nodes ship it to each other (DESIGN.md §4, §5).
//
// One object is one strongly connected component of the call graph (hash.h): a
// single named function or lambda body in the common case, or every member of a group
// of mutually recursive functions. A group travels and is verified as a unit because
// its members' hashes can only be recomputed together (each is derived from the
// group's hash). An object is addressed by each of its members' hashes: asking for
// any member gives the whole group. Objects reference other code by hash (pinned), by
// member index (inside the group) or by name (ambient code, callees whose module was
// not hashed with it); they never contain a module, so shipped code never depends on
// what modules the receiving node has loaded, except for by-name references.
//
// Invariants of a DecodedObject (what decodeObject guarantees):
//  - the bytes passed the FlatBuffers verifier, every name is an atom, every literal
//    decoded, every member passed the bytecode verifier (verify.h) in its own
//    one-function module whose lambda table is the lambdas it creates;
//  - every member's hash was recomputed from the decoded content (hash.h's encoding,
//    with references by hash taken as they are) and equals the stored one; the members
//    form exactly one group, in group order; debug info (names, lines, source) is the
//    only thing not covered by the hashes;
//  - calls to another member pass that member's arity and never target a lambda body;
//    a lambda whose body is a member agrees with that body's arity and captured
//    values. The same checks for references by hash are made when linking (they need
//    the callee, which may arrive later).
// Nothing here throws, asserts or crashes on any input: a reason comes back instead.
// docs/internals/code-store.md describes the format; code_object.fbs is its schema.
#pragma once

#include "pfun/loader/hash.h"
#include "pfun/vm/atom.h"
#include "pfun/vm/code.h"
#include "pfun/vm/runtime.h"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace pfun::loader {

// History: 1 — the first format.
inline constexpr uint32_t kCodeObjectFormatVersion = 1;
inline constexpr uint8_t kCodeObjectMagic[4] = {'P', 'F', 'O', 0};
// Bounds on what a decoder accepts (a real object is far below each).
inline constexpr uint32_t kMaxGroupMembers = 4096;
inline constexpr size_t kMaxObjectBytes = size_t(64) << 20;

struct EncodedObject {
    CodeHash hash{};               // its name: the first member's hash
    std::vector<CodeHash> members; // every member's hash, in group order
    std::vector<uint8_t> bytes;
};

// Encodes the object (the group) that holds `fn`, which must be hashed in `hashes`.
// False with a reason when it is not, or when a literal has no encoding.
bool encodeObject(const HashSet& hashes, const vm::AtomTable& atoms, const vm::FunctionCode* fn,
                  EncodedObject& out, std::string* error = nullptr);

// Every object of the closure of `root` (closureOf) that `hashes` holds, each group
// once, callees before callers. Hashes the closure reaches outside `hashes` (pinned
// references to code not given) are not encoded; `missing` receives them.
std::vector<EncodedObject> encodeClosure(const HashSet& hashes, const vm::AtomTable& atoms,
                                         const vm::FunctionCode* root, std::string* error = nullptr,
                                         std::vector<CodeHash>* missing = nullptr);

// How a decoded member names other code.
struct ObjectRef {
    enum class Kind : uint8_t { Name, Hash, Member };
    Kind kind = Kind::Name;
    CodeHash hash{};     // Hash; for Member, that member's hash
    uint32_t member = 0; // Member: its index in the group
};

struct DecodedMember {
    // A one-function module: functions[0] is the code (module, name: debug info);
    // lambdas[0..createdLambdas) the lambdas it creates (FunEntry::code set for bodies
    // in the group, nullptr for bodies named by hash), followed by its own entry when
    // it is a lambda body; literals in its literal heap. Not linked: BIFs by name, call
    // targets symbolic in localTargets.
    std::unique_ptr<vm::ModuleCode> module;
    CodeHash hash{};
    std::vector<ObjectRef> calls;   // per function().targets[i]
    std::vector<ObjectRef> lambdas; // per created lambda
    size_t createdLambdas = 0;

    vm::FunctionCode& function() const { return *module->functions[0]; }
};

struct DecodedObject {
    std::vector<DecodedMember> members; // group order
    CodeHash group{};
    size_t byteSize = 0; // of the encoded object

    const DecodedMember* find(const CodeHash& h) const {
        for (const DecodedMember& m : members)
            if (m.hash == h) return &m;
        return nullptr;
    }
};

// Decodes and verifies one object (see the invariants above). With `expected`, the
// object must hold that hash. Atoms are interned in `atoms` (a refused object may
// still have added some). nullptr with a one-line reason on any failure.
std::unique_ptr<DecodedObject> decodeObject(std::span<const uint8_t> bytes, vm::AtomTable& atoms,
                                            std::string* error = nullptr,
                                            const CodeHash* expected = nullptr);

// decodeObject for each of `objects`, in order, into `out`. False at the first that
// fails, with "object #i: reason".
bool decodeObjects(std::span<const std::vector<uint8_t>> objects, vm::AtomTable& atoms,
                   std::vector<std::unique_ptr<DecodedObject>>& out, std::string* error = nullptr);

// Hands verified objects to rt's hash space (vm/hash_space.h) in one transaction:
// links them (by hash among themselves and to code loaded before, by name through
// export slots, BIFs by name) and publishes all or nothing. False with a reason (an
// unknown BIF, a lambda body neither given nor loaded, an arity that disagrees with a
// loaded callee).
bool loadObjects(vm::Runtime& rt, std::vector<std::unique_ptr<DecodedObject>> objects,
                 std::string* error = nullptr);

// decodeObject for each, then loadObjects: nothing is published unless all pass.
bool loadObjectBytes(vm::Runtime& rt, std::span<const std::vector<uint8_t>> objects,
                     std::string* error = nullptr);

} // namespace pfun::loader
