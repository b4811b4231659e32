// .pfb module files: a compiled module (vm::ModuleCode) as bytes, and back.
//
// The format is a FlatBuffer behind a 16-byte prefix (magic "PFB\0", format version,
// the FlatBuffer's length, a reserved zero word);
// loader/schema/pfb.fbs is its definition and docs/internals/pfb.md its description.
// Everything in a module is stored symbolically: atoms as names, literals in the
// external term format, call targets as module/name/arity, BIFs by name. So a file
// does not depend on the atom numbering or the BIF table of the runtime that wrote it.
//
// Reading is verify-then-publish: readModule checks the prefix, runs the FlatBuffers
// verifier, decodes into a private ModuleCode, and runs the bytecode verifier
// (verify.h) over it; only a module that passed every check is returned, and only
// loadModuleBytes hands it to the runtime (which links and publishes it in one step).
// Malformed input of any kind yields a reason, never a crash or an exception.
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

// The container's format version (bytes 4..7). Readers accept exactly this version.
// History: 1 — the first format.
inline constexpr uint32_t kPfbFormatVersion = 1;
inline constexpr uint8_t kPfbMagic[4] = {'P', 'F', 'B', 0};
inline constexpr size_t kPfbPrefixSize = 16;

// Serialises a compiled module (linked or not). Fails (returns false, reason in
// *error) only when a literal cannot be encoded in the external term format.
// With `hashes` (hashModules over a set that includes this module), every function's
// hash and the hash of every call reference pinned by hash are stored too, unless a
// function of the module belongs to a group of mutually recursive functions that spans
// modules: such a module cannot be re-hashed alone by the reader, so it is written
// without hashes (docs/internals/hashing.md).
bool writeModule(const vm::ModuleCode& module, const vm::AtomTable& atoms,
                 std::vector<uint8_t>& out, std::string* error = nullptr,
                 const HashSet* hashes = nullptr);

// Decodes and verifies a .pfb image. When the image stores hashes, the module is
// re-hashed (call references stored with a hash to another module are taken as
// pinned to that hash) and any stored hash that differs from the recomputed one is
// refused with a reason. Atoms are interned in `atoms` (a malformed file
// may still have added some). Returns nullptr with a one-line reason in *error when
// the bytes are not a valid module; the result is not linked yet (BIFs by name).
std::unique_ptr<vm::ModuleCode> readModule(std::span<const uint8_t> bytes, vm::AtomTable& atoms,
                                           std::string* error = nullptr);

// readModule, then rt.loadModule (link and publish). nullptr with a reason on failure.
const vm::ModuleCode* loadModuleBytes(vm::Runtime& rt, std::span<const uint8_t> bytes,
                                      std::string* error = nullptr);

// True when `bytes` start with the .pfb magic (whatever the version).
bool looksLikePfb(std::span<const uint8_t> bytes);

} // namespace pfun::loader
