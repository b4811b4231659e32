#include "pfun/stdlib/stdlib.h"

namespace pfun::stdlib {

void registerBifs(vm::Runtime&) {}

std::string_view embeddedModuleSource(std::string_view) {
    return {};
}

} // namespace pfun::stdlib
