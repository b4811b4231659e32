// The Erlang-written library modules are embedded and found by name.
#include "pfun/stdlib/stdlib.h"

#include <doctest/doctest.h>

using pfun::stdlib::embeddedModuleSource;

TEST_CASE("embedded library modules are found by name") {
    for (const char* m : {"lists", "maps", "proplists", "string", "timer"}) {
        std::string_view src = embeddedModuleSource(m);
        CAPTURE(m);
        REQUIRE(!src.empty());
        CHECK(src.find(std::string("-module(") + m + ").") != std::string_view::npos);
    }
    CHECK(embeddedModuleSource("no_such_module").empty());
    CHECK(embeddedModuleSource("").empty());
}
