// Internal pieces of the code object format shared by its encoder, decoder and the
// code store: the prefix and a hasher for CodeHash keys.
#pragma once

#include "code_object_generated.h"
#include "fb_function.h"
#include "pfun/loader/code_object.h"

#include <cstring>

namespace pfun::loader::detail {

inline constexpr Prefix kObjectPrefix{kCodeObjectMagic, kCodeObjectFormatVersion, "a code object",
                                      "code object", "the object"};

// CodeHash is already uniformly distributed: its first 8 bytes are a good hash.
struct CodeHashHasher {
    size_t operator()(const CodeHash& h) const {
        uint64_t v;
        std::memcpy(&v, h.data(), sizeof v);
        return size_t(v);
    }
};

} // namespace pfun::loader::detail
