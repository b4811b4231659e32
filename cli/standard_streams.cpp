#include "standard_streams.h"

namespace pfun::cli {

void useStandardStreams() {
#ifdef PFUN_STREAMS_ON_DEMAND
    // Constructs std::cin, std::cout, ... on the first call (the reference count in
    // ios_base::Init makes this a no-op if something else already did); the streams
    // are flushed at exit, as with <iostream>'s own initialiser.
    static const std::ios_base::Init streams;
#endif
}

} // namespace pfun::cli
