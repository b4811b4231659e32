// The standard library: registers every native BIF with a Runtime and gives access
// to the embedded source of the library modules written in Erlang.
#pragma once

#include "pfun/vm/runtime.h"

#include <string_view>

namespace pfun::stdlib {

// Registers all native BIFs (erlang, math, io, io_lib formatting, ...).
void registerBifs(vm::Runtime& rt);

// The embedded Erlang source of a library module (lists, proplists, ...), or an
// empty view when `module` is not one of them.
std::string_view embeddedModuleSource(std::string_view module);

} // namespace pfun::stdlib
