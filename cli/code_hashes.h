// Content hashes as the command line uses them: which modules are ambient (the native
// BIFs' modules and the embedded standard library, referenced by name and never
// hashed), and the listing `pfun disasm` prints after the bytecode: every function's
// hash and its references, by hash or, for ambient code, by name.
#pragma once

#include "pfun/loader/hash.h"

#include <string>

namespace pfun::cli {

// stdlib::isAmbientModule: the native BIF modules and every embedded library module.
loader::AmbientPredicate stdlibAmbient();

// Hashes `module` alone (calls to other non-ambient modules stay by name). false with
// a reason when the module cannot be hashed.
bool hashModule(const vm::ModuleCode& module, const vm::AtomTable& atoms, loader::HashSet& out,
                std::string* error);

// One block per function: "name/arity  hash  [group i/n]" and a line per reference.
std::string describeHashes(const loader::HashSet& hashes, const vm::ModuleCode& module,
                           const vm::AtomTable& atoms);

} // namespace pfun::cli
