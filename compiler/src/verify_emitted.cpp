// The emitted-code self check is the loader's bytecode verifier (loader/verify.h):
// the compiler holds itself to exactly the rules that code from outside must pass.
#include "pfun/compiler/compile.h"
#include "pfun/loader/verify.h"

namespace pfun::compiler {

std::string verifyEmitted(const vm::ModuleCode& module) {
    return loader::verifyModule(module);
}

} // namespace pfun::compiler
