// The standard library: registers every native BIF with a Runtime and gives access
// to the library modules written in Erlang, compiled at build time and embedded as
// .pfb images (loaded with the verifying reader; the source text is in each image as
// debug info).
#pragma once

#include "pfun/vm/runtime.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace pfun::stdlib {

// Registers all native BIFs (erlang, math, io, io_lib formatting, ...).
void registerBifs(vm::Runtime& rt);

// The embedded .pfb image of a library module (lists, proplists, ...), or an empty
// span when `module` is not one of them.
std::span<const uint8_t> embeddedModuleImage(std::string_view module);

// The names of the embedded library modules.
std::vector<std::string_view> embeddedModuleNames();

// The modules that have native BIFs (erlang, math, io, ...), whatever the runtime.
std::vector<std::string_view> nativeModuleNames();

// Ambient modules: every node has them, pinned by the protocol version, so content
// hashes reference them by name and they are never shipped: the native BIF modules
// and the embedded library modules (docs/internals/hashing.md).
bool isAmbientModule(std::string_view module);

// Makes rt compute content hashes of its loaded code on demand
// (loader::installModuleHashes with isAmbientModule): portable funs' fun_info needs it.
void installCodeHasher(vm::Runtime& rt);

// Reads, verifies, links and publishes an embedded module (loader/pfb.h). nullptr
// with a reason when `module` is not embedded or its image is refused.
const vm::ModuleCode* loadEmbeddedModule(vm::Runtime& rt, std::string_view module,
                                         std::string* error = nullptr);

} // namespace pfun::stdlib
