// Spawning code back to the node it came from, with nodes in this process. A node
// that sent code is recorded by the receiver as holding it, so a spawn back carries
// none of it: the sender must find that code by hash although it has it only as a
// loaded module (shipping.h, "What a node holds"). Each case runs under the eager
// and the lazy policy (prefetch depth 0, so callees are fetched or resolved one by
// one). No timing is asserted: every wait is a get_result with a generous timeout.
#include "net_helpers.h"

#include "pfun/net/shipping.h"

#include <doctest/doctest.h>

#include <string>

namespace pfun::testing {

namespace {

// A spawns on B a pfun whose code spawns a lambda of the same source back on A; the
// lambda calls a local function and one by module name (a pinned callee either way).
constexpr const char* kThereAndBack = R"(
-module(sbk).
-export([run/2, twice/1]).
run(B, A) -> get_result(spawn(B, pfun() -> hop(A) end), 20000).
hop(A) -> {node(), get_result(spawn(A, pfun() -> {node(), step(3), sbk:twice(4)} end), 20000)}.
step(N) -> N * 7.
twice(N) -> N + N.
)";

// Functions with the same body in modules of each node: one content hash. A ships
// its own to B; B then spawns its own on A, which B believes A holds.
constexpr const char* kTwinA = R"(
-module(twa).
-export([f/1, run/1, hash/0]).
f(X) -> {X, X * 3, [X]}.
run(B) -> get_result(spawn(B, twa, f, [5]), 20000).
hash() -> erlang:fun_info(pfun f/1, hash).
)";
constexpr const char* kTwinB = R"(
-module(twb).
-export([g/1, run/1, hash/0]).
g(X) -> {X, X * 3, [X]}.
run(A) -> get_result(spawn(A, twb, g, [6]), 20000).
hash() -> erlang:fun_info(pfun g/1, hash).
)";

// Module rl is reloaded on A with a new version while its v1 code waits on B; what
// comes back to A is v1 code and runs as v1 (its callees by hash, not by name).
constexpr const char* kReloadV1 = R"(
-module(rl).
-export([start/1, go/2, version/0]).
start(B) -> spawn(B, pfun() -> receive {go, A} -> hop(A) end end).
go(Pid, A) -> Pid ! {go, A}, get_result(Pid, 20000).
hop(A) -> {node(), get_result(spawn(A, pfun() -> {node(), rl:version(), local()} end), 20000)}.
version() -> v1.
local() -> v1_local.
)";
constexpr const char* kReloadV2 = R"(
-module(rl).
-export([start/1, go/2, version/0]).
start(B) -> spawn(B, pfun() -> receive {go, A} -> hop(A) end end).
go(Pid, A) -> Pid ! {go, A}, get_result(Pid, 20000).
hop(A) -> {node(), get_result(spawn(A, pfun() -> {node(), rl:version(), local(), new} end), 20000)}.
version() -> v2.
local() -> v2_local.
)";

struct BackPair {
    TestNode a{"back_a"}, b{"back_b"};
    explicit BackPair(const char* mode) {
        auto ambient = [](std::string_view m) { return stdlib::isAmbientModule(m); };
        net::enableShipping(a.node(), {ambient, {}});
        net::enableShipping(b.node(), {ambient, {}});
        std::string text = std::string("[loading]\nmode = \"") + mode + "\"\nprefetch_depth = 0\n";
        std::string path = scratchPath(std::string("spawn_back_") + mode + ".toml");
        FILE* f = std::fopen(path.c_str(), "w");
        REQUIRE(f);
        std::fwrite(text.data(), 1, text.size(), f);
        std::fclose(f);
        for (TestNode* n : {&a, &b}) {
            vm::Heap heap;
            REQUIRE(n->callIn("net", "set_policy", {vm::makeStringList(heap, path)}) == "ok");
        }
        REQUIRE(a.node().connect(b.name(), std::chrono::seconds(10)));
    }
    std::string quoted(TestNode& n) { return "'" + n.name() + "'"; }
};

// A total counter of net:ship_stats() on node n.
long shipStat(TestNode& n, const char* key) {
    n.callIn("net", "ship_stats", {});
    vm::Term stats = n.last();
    return std::stol(n.callIn("proplists", "get_value", {n.atom(key), stats}));
}

void thereAndBack(const char* mode) {
    BackPair p(mode);
    REQUIRE(p.a.loadSource(kThereAndBack, "sbk.erl"));
    const std::string expected = "{ok,{" + p.quoted(p.b) + ",{ok,{" + p.quoted(p.a) + ",21,8}}}}";
    CHECK(p.a.callIn("sbk", "run", {p.a.atom(p.b.name()), p.a.atom(p.a.name())}) == expected);
    CHECK(p.b.rt().findModule(p.b.atom("sbk")) == nullptr);
    // A found the lambda and its callees in its own module by hash: nothing fetched.
    CHECK(shipStat(p.a, "own_code_loads") >= 1);
    CHECK(shipStat(p.a, "fetch_round_trips") == 0);
    // Again, now that each side knows what the other holds.
    CHECK(p.a.callIn("sbk", "run", {p.a.atom(p.b.name()), p.a.atom(p.a.name())}) == expected);
    CHECK(shipStat(p.a, "fetch_round_trips") == 0);
}

void twins(const char* mode) {
    BackPair p(mode);
    REQUIRE(p.a.loadSource(kTwinA, "twa.erl"));
    REQUIRE(p.b.loadSource(kTwinB, "twb.erl"));
    // The premise: one hash for both bodies.
    std::string ha = p.a.callIn("twa", "hash", {});
    REQUIRE(ha.find("{hash,<<") == 0);
    REQUIRE(p.b.callIn("twb", "hash", {}) == ha);
    CHECK(p.a.callIn("twa", "run", {p.a.atom(p.b.name())}) == "{ok,{5,15,[5]}}");
    CHECK(p.b.callIn("twb", "run", {p.b.atom(p.a.name())}) == "{ok,{6,18,[6]}}");
    CHECK(shipStat(p.a, "own_code_loads") == 1);
    // And once more each way.
    CHECK(p.a.callIn("twa", "run", {p.a.atom(p.b.name())}) == "{ok,{5,15,[5]}}");
    CHECK(p.b.callIn("twb", "run", {p.b.atom(p.a.name())}) == "{ok,{6,18,[6]}}");
    CHECK(p.a.rt().findModule(p.a.atom("twb")) == nullptr);
    CHECK(p.b.rt().findModule(p.b.atom("twa")) == nullptr);
}

void reloadedBetween(const char* mode) {
    BackPair p(mode);
    REQUIRE(p.a.loadSource(kReloadV1, "rl.erl"));
    std::string pid = p.a.callIn("rl", "start", {p.a.atom(p.b.name())});
    REQUIRE(pid.find('<') == 0);
    vm::Heap heap;
    vm::Term pidOnB = transfer(p.a, p.a.last(), p.a, heap);
    // A new version of rl on A before B's v1 code spawns back.
    REQUIRE(p.a.loadSource(kReloadV2, "rl.erl"));
    CHECK(p.a.callIn("rl", "version", {}) == "v2");
    CHECK(p.a.callIn("rl", "go", {pidOnB, p.a.atom(p.a.name())}) ==
          "{ok,{" + p.quoted(p.b) + ",{ok,{" + p.quoted(p.a) + ",v1,v1_local}}}}");
    CHECK(shipStat(p.a, "fetch_round_trips") == 0);
    // The module table still has v2; v1 ran by hash beside it.
    CHECK(p.a.callIn("rl", "version", {}) == "v2");
}

} // namespace

TEST_CASE("a pfun spawned there spawns a lambda of the same source back (eager)") {
    thereAndBack("eager");
}

TEST_CASE("a pfun spawned there spawns a lambda of the same source back (lazy)") {
    thereAndBack("lazy");
}

TEST_CASE("functions with the same hash on both nodes spawned each way (eager)") {
    twins("eager");
}

TEST_CASE("functions with the same hash on both nodes spawned each way (lazy)") {
    twins("lazy");
}

TEST_CASE("a module reloaded between the spawn and the spawn back: the old code runs (eager)") {
    reloadedBetween("eager");
}

TEST_CASE("a module reloaded between the spawn and the spawn back: the old code runs (lazy)") {
    reloadedBetween("lazy");
}

} // namespace pfun::testing
