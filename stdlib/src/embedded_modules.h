// The library modules written in Erlang (stdlib/erl/*.erl), compiled at build time to
// .pfb images (stdlib/tools/embed_modules.cpp) and embedded as byte arrays, so a pfun
// binary needs no files to use lists:map/2 or string:split/2 and compiles nothing at
// start-up. Each image carries its module's source text as debug info.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace pfun::stdlib::detail {

struct EmbeddedModule {
    std::string_view name;
    std::span<const unsigned char> image; // a .pfb image, 8-byte aligned
};

extern const EmbeddedModule kEmbeddedModules[];
extern const size_t kEmbeddedModuleCount;

} // namespace pfun::stdlib::detail
