// The library modules written in Erlang (stdlib/erl/*.erl), embedded as source text
// by a build step (stdlib/cmake/embed_erl.cmake), so a pfun binary needs no files
// to use lists:map/2 or string:split/2.
#pragma once

#include <cstddef>
#include <string_view>

namespace pfun::stdlib::detail {

struct EmbeddedModule {
    std::string_view name;
    std::string_view source;
};

extern const EmbeddedModule kEmbeddedModules[];
extern const size_t kEmbeddedModuleCount;

} // namespace pfun::stdlib::detail
