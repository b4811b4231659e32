#include "pfun/stdlib/stdlib.h"

#include "bif_util.h"

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

} // namespace pfun::stdlib
