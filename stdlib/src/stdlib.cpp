#include "pfun/stdlib/stdlib.h"

#include "bif_util.h"
#include "embedded_modules.h"

namespace pfun::stdlib {

void registerBifs(vm::Runtime& rt) {
    detail::registerErlangTypeBifs(rt);
    detail::registerErlangTermBifs(rt);
    detail::registerErlangOpBifs(rt);
    detail::registerErlangConvertBifs(rt);
    detail::registerErlangMiscBifs(rt);
    detail::registerErlangDigestBifs(rt);
    detail::registerIoBifs(rt);
    detail::registerListsBifs(rt);
    detail::registerMapsBifs(rt);
    detail::registerMathBifs(rt);
    detail::registerStringBifs(rt);
}

std::string_view embeddedModuleSource(std::string_view module) {
    for (size_t i = 0; i < detail::kEmbeddedModuleCount; ++i)
        if (detail::kEmbeddedModules[i].name == module) return detail::kEmbeddedModules[i].source;
    return {};
}

} // namespace pfun::stdlib
