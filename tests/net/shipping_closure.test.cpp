// Remote spawn of larger closures, with nodes in this process: a chain of 55
// functions across three modules (with mutual recursion at its end) shipped eagerly
// and lazily to a node that has none of it, and two nodes holding different
// versions of a same-named module, each running its own.
#include "net_helpers.h"

#include "pfun/net/shipping.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include <unistd.h>

namespace pfun::testing {

namespace {

// Module `name` with functions name_f1..name_fN: each adds its index and calls the
// next; the last calls `tail` (an M:F of another module).
std::string chainModule(const std::string& name, int count, const std::string& tail,
                        const std::string& extra = "") {
    std::string s = "-module(" + name + ").\n-export([" + name + "_f1/1]).\n";
    for (int i = 1; i <= count; ++i) {
        std::string next =
            i < count ? name + "_f" + std::to_string(i + 1) + "(N + " + std::to_string(i) + ")"
                      : tail + "(N + " + std::to_string(i) + ")";
        s += name + "_f" + std::to_string(i) + "(N) -> " + next + ".\n";
    }
    return s + extra;
}

// Three modules, 20 + 20 + 15 chain functions plus the even/odd pair: 57 functions.
const std::string kChain1 = chainModule("ch1", 20, "ch2:ch2_f1");
const std::string kChain2 = chainModule("ch2", 20, "ch3:ch3_f1");
const std::string kChain3 = chainModule("ch3", 15, "ch3:parity",
                                        "-export([parity/1]).\n"
                                        "parity(N) -> {N, ev(N)}.\n"
                                        "ev(0) -> even; ev(N) -> od(N - 1).\n"
                                        "od(0) -> odd; od(N) -> ev(N - 1).\n");

constexpr const char* kDriver = R"(
-module(chd).
-export([local/1, remote/2, set_policy/1, stat/1]).

local(K) -> ch1:ch1_f1(K).

remote(Node, K) ->
    Pid = spawn(Node, pfun() -> ch1:ch1_f1(K) end),
    get_result(Pid, 20000).

set_policy(File) -> net:set_policy(File).
stat(K) -> proplists:get_value(K, net:ship_stats()).
)";

struct ChainPair {
    TestNode a{"chain_a"}, b{"chain_b"};
    ChainPair() {
        auto ambient = [](std::string_view m) { return stdlib::isAmbientModule(m); };
        net::enableShipping(a.node(), {ambient, {}});
        net::enableShipping(b.node(), {ambient, {}});
        REQUIRE(a.loadSource(kChain3.c_str(), "ch3.erl"));
        REQUIRE(a.loadSource(kChain2.c_str(), "ch2.erl"));
        REQUIRE(a.loadSource(kChain1.c_str(), "ch1.erl"));
        REQUIRE(a.loadSource(kDriver, "chd.erl"));
        REQUIRE(a.node().connect(b.name(), std::chrono::seconds(10)));
    }
    std::string setPolicy(const std::string& name, const std::string& text) {
        std::string path = scratchPath("shipping_closure_" + name + ".toml");
        FILE* f = std::fopen(path.c_str(), "w");
        REQUIRE(f);
        std::fwrite(text.data(), 1, text.size(), f);
        std::fclose(f);
        vm::Heap heap;
        return a.callIn("chd", "set_policy", {vm::makeStringList(heap, path)});
    }
    long stat(const char* key) { return std::stol(a.callIn("chd", "stat", {a.atom(key)})); }
    bool bHasNone() {
        for (const char* m : {"ch1", "ch2", "ch3", "chd"})
            if (b.rt().findModule(b.atom(m))) return false;
        return true;
    }
};

} // namespace

TEST_CASE("a 57-function closure across three modules ships eagerly in the spawn frame") {
    ChainPair p;
    REQUIRE(p.setPolicy("eager", "[loading]\nmode = \"eager\"\n") == "ok");
    std::string expected = p.a.callIn("chd", "local", {vm::Term::makeSmall(3)});
    REQUIRE(expected == "{543,odd}"); // 3 + (1+..+20) + (1+..+20) + (1+..+15)
    CHECK(p.a.callIn("chd", "remote", {p.a.atom(p.b.name()), vm::Term::makeSmall(3)}) ==
          "{ok," + expected + "}");
    CHECK(p.bHasNone());
    // Every function of the closure went in the one frame: no fetch.
    CHECK(p.stat("objects_shipped") >= 56);
    CHECK(p.stat("fetch_round_trips") == 0);
    // The second spawn ships nothing more and still runs (another argument, so the
    // other branch of the parity pair runs too).
    long shipped = p.stat("objects_shipped"), bytes = p.stat("bytes_shipped");
    std::string odd = p.a.callIn("chd", "local", {vm::Term::makeSmall(4)});
    CHECK(odd != expected);
    CHECK(p.a.callIn("chd", "remote", {p.a.atom(p.b.name()), vm::Term::makeSmall(4)}) ==
          "{ok," + odd + "}");
    CHECK(p.stat("objects_shipped") == shipped);
    CHECK(p.stat("bytes_shipped") == bytes);
}

TEST_CASE("the same closure shipped lazily is fetched call by call and then runs warm") {
    ChainPair p;
    REQUIRE(p.setPolicy("lazy", "[loading]\nmode = \"lazy\"\nprefetch_depth = 0\n") == "ok");
    std::string expected = p.a.callIn("chd", "local", {vm::Term::makeSmall(7)});
    CHECK(p.a.callIn("chd", "remote", {p.a.atom(p.b.name()), vm::Term::makeSmall(7)}) ==
          "{ok," + expected + "}");
    CHECK(p.bHasNone());
    // Each chain link is found only when the previous one calls it.
    long trips = p.stat("fetches_served");
    CHECK(trips >= 50);
    // Warm: nothing is fetched again.
    CHECK(p.a.callIn("chd", "remote", {p.a.atom(p.b.name()), vm::Term::makeSmall(8)}) ==
          "{ok," + p.a.callIn("chd", "local", {vm::Term::makeSmall(8)}) + "}");
    CHECK(p.stat("fetches_served") == trips);
}

TEST_CASE("same-named modules of different versions on two nodes: each runs its own") {
    TestNode a{"ver_a"}, b{"ver_b"};
    auto ambient = [](std::string_view m) { return stdlib::isAmbientModule(m); };
    net::enableShipping(a.node(), {ambient, {}});
    net::enableShipping(b.node(), {ambient, {}});
    constexpr const char* kVersionA =
        "-module(ver).\n-export([v/0]).\nv() -> {version, a, helper(2)}.\nhelper(X) -> X * 10.\n";
    constexpr const char* kVersionB =
        "-module(ver).\n-export([v/0]).\nv() -> {version, b, helper(2)}.\nhelper(X) -> X + 1.\n";
    constexpr const char* kUser = R"(
-module(vuser).
-export([here/0, there/1]).
here() -> ver:v().
there(Node) -> get_result(spawn(Node, pfun() -> {node(), ver:v()} end), 20000).
)";
    REQUIRE(a.loadSource(kVersionA, "ver.erl"));
    REQUIRE(b.loadSource(kVersionB, "ver.erl"));
    REQUIRE(a.loadSource(kUser, "vuser.erl"));
    REQUIRE(b.loadSource(kUser, "vuser.erl"));
    REQUIRE(a.node().connect(b.name(), std::chrono::seconds(10)));

    CHECK(a.callIn("vuser", "here", {}) == "{version,a,20}");
    CHECK(b.callIn("vuser", "here", {}) == "{version,b,3}");
    // Code goes by content: A's version runs on B beside B's own, and the other way.
    CHECK(a.callIn("vuser", "there", {a.atom(b.name())}) ==
          "{ok,{'" + b.name() + "',{version,a,20}}}");
    CHECK(b.callIn("vuser", "there", {b.atom(a.name())}) ==
          "{ok,{'" + a.name() + "',{version,b,3}}}");
    // Neither node's module table changed.
    CHECK(a.callIn("vuser", "here", {}) == "{version,a,20}");
    CHECK(b.callIn("vuser", "here", {}) == "{version,b,3}");
}

} // namespace pfun::testing

namespace pfun::testing {

TEST_CASE("code that arrived by hash ships on to a third node") {
    TestNode a{"relay_a"}, b{"relay_b"}, c{"relay_c"};
    auto ambient = [](std::string_view m) { return stdlib::isAmbientModule(m); };
    for (TestNode* n : {&a, &b, &c})
        net::enableShipping(n->node(), {ambient, {}});
    constexpr const char* kRelay = R"(
-module(relay).
-export([run/3, text/2]).
%% Pids of two other nodes print with different node parts and read back.
text(B, C) ->
    PB = spawn(B, pfun() -> ok end),
    PC = spawn(C, pfun() -> ok end),
    [NB | _] = string:tokens(pid_to_list(PB), "<."),
    [NC | _] = string:tokens(pid_to_list(PC), "<."),
    {NB =/= NC, NB =/= "0", list_to_pid(pid_to_list(PB)) =:= PB,
     node(list_to_pid(pid_to_list(PC))) =:= C}.
fac(0) -> 1;
fac(N) -> N * fac(N - 1).
run(B, C, K) ->
    get_result(spawn(B, pfun() ->
        {node(), get_result(spawn(C, pfun() -> {node(), fac(K)} end), 20000)}
    end), 20000).
)";
    REQUIRE(a.loadSource(kRelay, "relay.erl"));
    REQUIRE(a.node().connect(b.name(), std::chrono::seconds(10)));
    REQUIRE(a.node().connect(c.name(), std::chrono::seconds(10)));
    CHECK(a.callIn("relay", "run", {a.atom(b.name()), a.atom(c.name()), vm::Term::makeSmall(5)}) ==
          "{ok,{'" + b.name() + "',{ok,{'" + c.name() + "',120}}}}");
    CHECK(b.rt().findModule(b.atom("relay")) == nullptr);
    CHECK(c.rt().findModule(c.atom("relay")) == nullptr);
    CHECK(a.callIn("relay", "text", {a.atom(b.name()), a.atom(c.name())}) ==
          "{true,true,true,true}");
}

namespace {

constexpr const char* kRelayLazy = R"(
-module(relayz).
-export([run/3, stat/1]).
fac(0) -> 1;
fac(N) -> N * fac(N - 1).
run(B, C, K) ->
    get_result(spawn(B, pfun() ->
        {node(), get_result(spawn(C, pfun() -> {node(), fac(K)} end), 20000)}
    end), 20000).
stat(K) -> proplists:get_value(K, net:ship_stats()).
)";

std::string writeFile(const std::string& name, const std::string& text) {
    FILE* f = std::fopen(name.c_str(), "w");
    REQUIRE(f);
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
    return name;
}

// A total counter of net:ship_stats() on node n.
long shipStat(TestNode& n, const char* key) {
    n.callIn("net", "ship_stats", {});
    vm::Term stats = n.last();
    return std::stol(n.callIn("proplists", "get_value", {n.atom(key), stats}));
}

} // namespace

TEST_CASE("lazy relay: the third node fetches what the relaying node never had from the origin") {
    TestNode a{"lrel_a"}, b{"lrel_b"}, c{"lrel_c"};
    auto ambient = [](std::string_view m) { return stdlib::isAmbientModule(m); };
    for (TestNode* n : {&a, &b, &c})
        net::enableShipping(n->node(), {ambient, {}});
    std::string lazy = writeFile(scratchPath("shipping_relay_lazy.toml"),
                                 "[loading]\nmode = \"lazy\"\nprefetch_depth = 0\n");
    for (TestNode* n : {&a, &b}) {
        vm::Heap heap;
        REQUIRE(n->callIn("net", "set_policy", {vm::makeStringList(heap, lazy)}) == "ok");
    }
    REQUIRE(a.loadSource(kRelayLazy, "relayz.erl"));
    REQUIRE(a.node().connect(b.name(), std::chrono::seconds(10)));
    REQUIRE(a.node().connect(c.name(), std::chrono::seconds(10)));
    CHECK(a.callIn("relayz", "run", {a.atom(b.name()), a.atom(c.name()), vm::Term::makeSmall(6)}) ==
          "{ok,{'" + b.name() + "',{ok,{'" + c.name() + "',720}}}}");
    // fac/1 never ran on B, so B never had it: C asked B (its origin) first, B
    // answered that it lacks it, and A sent it.
    CHECK(c.rt().findModule(c.atom("relayz")) == nullptr);
    CHECK(shipStat(c, "fetch_round_trips") >= 2);
    CHECK(shipStat(b, "fetches_served") >= 1);
    CHECK(shipStat(a, "fetches_served") >= 1);
    CHECK(shipStat(c, "objects_fetched") >= 1);
}

TEST_CASE("a node restarted with the same code cache finds shipped code there, not on the wire") {
    std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("pfun-cache-test-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    auto ambient = [](std::string_view m) { return stdlib::isAmbientModule(m); };
    TestNode a{"cache_a"};
    net::enableShipping(a.node(), {ambient, {}});
    constexpr const char* kUse = R"(
-module(cuse).
-export([run/2, set_policy/1, stat/1]).
fac(0) -> 1;
fac(N) -> N * fac(N - 1).
run(Node, K) -> get_result(spawn(Node, pfun() -> fac(K) end), 20000).
set_policy(File) -> net:set_policy(File).
stat(K) -> proplists:get_value(K, net:ship_stats()).
)";
    REQUIRE(a.loadSource(kUse, "cuse.erl"));
    {
        vm::Heap heap;
        REQUIRE(
            a.callIn("cuse", "set_policy",
                     {vm::makeStringList(heap, writeFile(scratchPath("shipping_cache_lazy.toml"),
                                                         "[loading]\nmode = \"lazy\"\n"
                                                         "prefetch_depth = 0\n"))}) == "ok");
    }
    {
        TestNode b{"cache_b1"};
        net::enableShipping(b.node(), {ambient, {}, dir.string()});
        REQUIRE(a.node().connect(b.name(), std::chrono::seconds(10)));
        CHECK(a.callIn("cuse", "run", {a.atom(b.name()), vm::Term::makeSmall(5)}) == "{ok,120}");
        CHECK(shipStat(b, "fetch_round_trips") >= 1); // fac/1 came lazily
    }
    CHECK(!std::filesystem::is_empty(dir));
    TestNode b{"cache_b2"};
    net::enableShipping(b.node(), {ambient, {}, dir.string()});
    REQUIRE(a.node().connect(b.name(), std::chrono::seconds(10)));
    CHECK(a.callIn("cuse", "run", {a.atom(b.name()), vm::Term::makeSmall(6)}) == "{ok,720}");
    // The new node had fac/1 in its cache directory: no fetch.
    CHECK(shipStat(b, "fetch_round_trips") == 0);
    CHECK(shipStat(b, "code_cache_loads") >= 1);
    std::filesystem::remove_all(dir);
}

} // namespace pfun::testing
