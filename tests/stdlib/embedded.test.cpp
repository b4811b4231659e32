// The Erlang-written library modules are compiled at build time, embedded as .pfb
// images, found by name, and load through the verifying reader with their source
// text as debug info.
#include "pfun/compiler/compile.h"
#include "pfun/loader/pfb.h"
#include "pfun/stdlib/stdlib.h"
#include "pfun/vm/interpreter.h"
#include "pfun/vm/process.h"

#include <doctest/doctest.h>

using namespace pfun;

TEST_CASE("embedded library modules are found by name") {
    for (const char* m : {"lists", "maps", "proplists", "string", "timer", "queue", "binary"}) {
        CAPTURE(m);
        std::span<const uint8_t> image = stdlib::embeddedModuleImage(m);
        REQUIRE(!image.empty());
        CHECK(loader::looksLikePfb(image));
    }
    CHECK(stdlib::embeddedModuleImage("no_such_module").empty());
    CHECK(stdlib::embeddedModuleImage("").empty());
    CHECK(stdlib::embeddedModuleNames().size() >= 7);
}

TEST_CASE("every embedded image passes the verifier, links and keeps its source") {
    vm::Runtime rt;
    stdlib::registerBifs(rt);
    for (std::string_view m : stdlib::embeddedModuleNames()) {
        CAPTURE(m);
        std::string error;
        const vm::ModuleCode* loaded = stdlib::loadEmbeddedModule(rt, m, &error);
        REQUIRE_MESSAGE(loaded, error);
        CHECK(rt.atoms().name(loaded->name) == m);
        CHECK(loaded->fileName == std::string(m) + ".erl");
        CHECK(loaded->source.find("-module(" + std::string(m) + ").") != std::string::npos);
        CHECK(!loaded->exports.empty());
    }
    std::string error;
    CHECK_FALSE(stdlib::loadEmbeddedModule(rt, "no_such_module", &error));
    CHECK(error.find("no embedded module") != std::string::npos);
}

TEST_CASE("an embedded module runs: lists:map/2 and lists:foldl/3") {
    vm::Runtime rt;
    stdlib::registerBifs(rt);
    REQUIRE(stdlib::loadEmbeddedModule(rt, "lists"));
    std::string src = "-module(t).\n-export([main/0]).\n"
                      "main() -> {lists:map(fun(X) -> X * X end, [1, 2, 3]),\n"
                      "           lists:foldl(fun(X, A) -> X + A end, 0, lists:seq(1, 100))}.\n";
    compiler::Diagnostics diags("t.erl", src);
    auto code = compiler::compileSource(src, "t.erl", rt, diags);
    REQUIRE(code);
    REQUIRE(rt.loadModule(std::move(code)));
    vm::Process p(rt);
    vm::CallResult r = vm::callMfa(p, rt.atom("t"), rt.atom("main"), {});
    REQUIRE(r.ok);
    CHECK(compiler::formatLiteral(r.value, rt.atoms()) == "{[1,4,9],5050}");
}
