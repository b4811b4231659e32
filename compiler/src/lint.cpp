#include "pfun/compiler/frontend.h"

namespace pfun::compiler {

void lintModule(const Module&, Diagnostics&) {}

} // namespace pfun::compiler
