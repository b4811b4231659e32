// Remote spawn with code shipping and get_result across nodes, with nodes in this
// process: node A has the code (module sm), node B has none of it.
#include "net_helpers.h"

#include "pfun/loader/code_object.h"
#include "pfun/loader/module_hashes.h"
#include "pfun/net/shipping.h"
#include "pfun/vm/hash_space.h"

#include "wire.h"

#include <doctest/doctest.h>

namespace pfun::testing {

namespace {

constexpr const char* kShipModule = R"(
-module(sm).
-export([fac/1, fib/1, even/1, odd/1, run/2, run_mfa/2, spawn_only/2, result/1,
         set_policy/1, stats/0, peer_stat/2, stat/1, fails/2, mixed/2, back_pfun/1]).

fac(0) -> 1;
fac(N) -> N * fac(N - 1).

fib(N) when N < 2 -> N;
fib(N) -> fib(N - 1) + fib(N - 2).

even(0) -> true;
even(N) -> odd(N - 1).
odd(0) -> false;
odd(N) -> even(N - 1).

run(Node, K) ->
    Pid = spawn(Node, pfun() -> fac(K) + fib(K) end),
    {node(Pid) =:= Node, get_result(Pid)}.

mixed(Node, K) ->
    Pid = spawn(Node, pfun() -> {even(K), fac(K)} end),
    get_result(Pid, 20000).

run_mfa(Node, K) ->
    Pid = spawn(Node, sm, fac, [K]),
    get_result(Pid).

back_pfun(Node) ->
    Pid = spawn(Node, pfun() -> lists:seq(1, 2000) end),
    get_result(Pid).

spawn_only(Node, K) ->
    spawn(Node, pfun() -> receive _ -> fac(K) end end).

result(Pid) -> get_result(Pid).

fails(Node, K) ->
    try spawn(Node, pfun() -> fac(K) end) of
        Pid -> {spawned, Pid}
    catch error:R -> {error, R}
    end.

set_policy(File) -> net:set_policy(File).

stats() -> net:ship_stats().
stat(K) -> proplists:get_value(K, net:ship_stats()).
peer_stat(Node, K) ->
    proplists:get_value(K, proplists:get_value(Node, proplists:get_value(peers, net:ship_stats()))).
)";

struct Pair {
    TestNode a{"ship_a"}, b{"ship_b"};
    Pair() {
        auto ambient = [](std::string_view m) { return stdlib::isAmbientModule(m); };
        net::enableShipping(a.node(), {ambient, {}});
        net::enableShipping(b.node(), {ambient, {}});
        REQUIRE(a.loadSource(kShipModule, "sm.erl"));
        REQUIRE(a.node().connect(b.name(), std::chrono::seconds(10)));
    }
    vm::Term bAtom() { return a.atom(b.name()); }
};

std::string writePolicy(const std::string& name, const std::string& text) {
    std::string path = scratchPath("shipping_test_" + name + ".toml");
    FILE* f = std::fopen(path.c_str(), "w");
    REQUIRE(f);
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
    return path;
}

vm::Term str(TestNode& n, vm::Heap& heap, const std::string& s) {
    (void)n;
    return vm::makeStringList(heap, s);
}

} // namespace

TEST_CASE("eager remote spawn of a pfun runs on a node without the code; get_result") {
    Pair p;
    vm::Heap heap;
    CHECK(p.a.callIn("sm", "set_policy",
                     {str(p.a, heap, writePolicy("eager", "[loading]\nmode = \"eager\"\n"))}) ==
          "ok");
    CHECK(p.a.callIn("sm", "run", {p.bAtom(), vm::Term::makeSmall(6)}) == "{true,{ok,728}}");
    CHECK(p.a.callIn("sm", "stat", {p.a.atom("fetch_round_trips")}) == "0");
    std::string shipped = p.a.callIn("sm", "stat", {p.a.atom("objects_shipped")});
    CHECK(shipped != "0");
    // B never loaded module sm: the code came by hash.
    CHECK(p.b.rt().findModule(p.b.atom("sm")) == nullptr);
    // A second spawn of the same closure ships nothing.
    CHECK(p.a.callIn("sm", "run", {p.bAtom(), vm::Term::makeSmall(7)}) == "{true,{ok,5053}}");
    CHECK(p.a.callIn("sm", "stat", {p.a.atom("objects_shipped")}) == shipped);
    CHECK(p.a.callIn("sm", "stat", {p.a.atom("cache_hits")}) != "0");
    // spawn/4 and mutual recursion.
    CHECK(p.a.callIn("sm", "run_mfa", {p.bAtom(), vm::Term::makeSmall(5)}) == "{ok,120}");
    CHECK(p.a.callIn("sm", "mixed", {p.bAtom(), vm::Term::makeSmall(9)}) == "{ok,{false,362880}}");
    // A large result comes back intact.
    CHECK(p.a.callIn("sm", "back_pfun", {p.bAtom()}).size() > 8000);
}

TEST_CASE("lazy remote spawn fetches missing code on first call") {
    Pair p;
    vm::Heap heap;
    CHECK(p.a.callIn(
              "sm", "set_policy",
              {str(p.a, heap,
                   writePolicy("lazy", "[loading]\nmode = \"lazy\"\nprefetch_depth = 0\n"))}) ==
          "ok");
    CHECK(p.a.callIn("sm", "run", {p.bAtom(), vm::Term::makeSmall(6)}) == "{true,{ok,728}}");
    CHECK(p.b.rt().findModule(p.b.atom("sm")) == nullptr);
    // Prefetch depth 0: the root went with the spawn, fac and fib were fetched.
    CHECK(std::stoi(p.a.callIn("sm", "peer_stat", {p.bAtom(), p.a.atom("objects_shipped")})) >= 3);
    CHECK(std::stoi(p.a.callIn("sm", "stat", {p.a.atom("spawns_sent")})) == 1);
    CHECK(p.a.callIn("sm", "mixed", {p.bAtom(), vm::Term::makeSmall(10)}) == "{ok,{true,3628800}}");
}

TEST_CASE("net:set_policy takes a string or a binary; a bad file keeps the old policy") {
    Pair p;
    vm::Heap heap;
    std::string deny = writePolicy("deny_bin", "[[rule]]\nmatch = \"sm:fac/*\"\ndeny = true\n");
    auto bin = [&](const std::string& s) {
        return vm::makeBinary(heap, reinterpret_cast<const uint8_t*>(s.data()), s.size());
    };
    CHECK(p.a.callIn("sm", "fails", {p.bAtom(), vm::Term::makeSmall(3)}).find("spawned") !=
          std::string::npos);
    CHECK(p.a.callIn("sm", "set_policy", {bin(deny)}) == "ok");
    CHECK(p.a.callIn("sm", "fails", {p.bAtom(), vm::Term::makeSmall(3)}).find("ship_denied") !=
          std::string::npos);
    CHECK(p.a.callIn("sm", "set_policy", {bin(deny + ".missing")}).find("{error,") == 0);
    CHECK(p.a.callIn("sm", "set_policy", {vm::Term::makeSmall(3)}).find("badarg") !=
          std::string::npos);
    // Still the deny policy.
    CHECK(p.a.callIn("sm", "fails", {p.bAtom(), vm::Term::makeSmall(3)}).find("ship_denied") !=
          std::string::npos);
}

TEST_CASE("a deny rule fails the spawn naming the object") {
    Pair p;
    vm::Heap heap;
    CHECK(p.a.callIn("sm", "set_policy",
                     {str(p.a, heap,
                          writePolicy("deny", "[[rule]]\nmatch = \"sm:fac/*\"\ndeny = true\n"))}) ==
          "ok");
    std::string r = p.a.callIn("sm", "fails", {p.bAtom(), vm::Term::makeSmall(3)});
    CHECK(r.find("ship_denied") != std::string::npos);
    CHECK(r.find("{sm,fac,1}") != std::string::npos);
}

TEST_CASE("get_result of a process whose node went away answers noconnection") {
    Pair p;
    vm::Heap heap;
    std::string pid = p.a.callIn("sm", "spawn_only", {p.bAtom(), vm::Term::makeSmall(3)});
    REQUIRE(pid.find("<") == 0);
    vm::Term remote = p.a.last();
    std::thread killer([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        p.b.stopNode();
    });
    CHECK(p.a.callIn("sm", "result", {remote}) == "{error,noconnection}");
    killer.join();
}

TEST_CASE("a code object with a wrong hash is refused, logged, and only that peer is dropped") {
    Pair p;
    TestNode c{"ship_c"};
    auto ambient = [](std::string_view m) { return stdlib::isAmbientModule(m); };
    net::enableShipping(c.node(), {ambient, {}});
    REQUIRE(c.loadSource(kShipModule, "sm.erl"));
    REQUIRE(c.node().connect(p.b.name(), std::chrono::seconds(10)));

    // A real object of sm:fac/1 under a hash that is not its own.
    loader::ModuleHashes hashes(ambient);
    const vm::ModuleCode* sm = p.a.rt().findModule(p.a.atom("sm"));
    REQUIRE(sm);
    const vm::FunctionCode* fac = sm->functions[0].get();
    auto set = hashes.hashSetOf(p.a.rt(), *fac);
    REQUIRE(set);
    loader::EncodedObject obj;
    REQUIRE(loader::encodeObject(*set, p.a.rt().atoms(), fac, obj));
    loader::CodeHash wrong = obj.hash;
    wrong[0] ^= 0x5a;
    flatbuffers::FlatBufferBuilder fbb;
    std::vector<flatbuffers::Offset<wire::CodeObject>> objs{wire::CreateCodeObject(
        fbb, fbb.CreateVector(wrong.data(), wrong.size()), fbb.CreateVector(obj.bytes))};
    std::vector<uint8_t> args{131, 106}; // []
    auto body = wire::CreateSpawn(
        fbb, 1, 1, fbb.CreateString("sm"), fbb.CreateString("fac"), fbb.CreateVector(args),
        fbb.CreateVector(wrong.data(), wrong.size()), fbb.CreateVector(objs));
    net::finishEnvelope(fbb, wire::Body_Spawn, body.Union());
    REQUIRE(p.a.node().sendEnvelope(p.bAtom(), std::span(fbb.GetBufferPointer(), fbb.GetSize())));
    // B closed that connection as a protocol error (the transitive mesh through C may
    // connect A and B again afterwards: that is a new, clean connection).
    CHECK(eventually([&] { return p.b.node().stats().refused > 0; }));
    CHECK(eventually([&] { return p.b.logHas("refused"); }));
    CHECK(p.b.logHas(loader::toHex(wrong)));
    CHECK(p.b.rt().hashSpace().find(wrong) == nullptr);
    // B keeps serving its other peers.
    CHECK(c.callIn("sm", "run", {c.atom(p.b.name()), vm::Term::makeSmall(5)}) == "{true,{ok,125}}");
}

TEST_CASE("a lazy process whose origin went away exits with code_unavailable") {
    Pair p;
    vm::Heap heap;
    CHECK(p.a.callIn(
              "sm", "set_policy",
              {str(p.a, heap,
                   writePolicy("lazy0", "[loading]\nmode = \"lazy\"\nprefetch_depth = 0\n"))}) ==
          "ok");
    std::string pid = p.a.callIn("sm", "spawn_only", {p.bAtom(), vm::Term::makeSmall(4)});
    REQUIRE(pid.find("<") == 0);
    vm::Term onB = transfer(p.a, p.a.last(), p.b, heap);
    p.a.stopNode();
    CHECK(eventually([&] { return p.b.node().peers().empty(); }));
    // The process needs fac/1 now; nobody can send it.
    CHECK(p.b.call("stop", {onB}) == "ok");
    CHECK(eventually([&] { return p.b.logHas("code_unavailable"); }));
    CHECK(p.b.logHas("unavailable"));
    // Its outcome names the code it could not have, not an exception class.
    std::string outcome = p.b.callIn("erlang", "get_result", {onB, vm::Term::makeSmall(10000)});
    CHECK(outcome.find("{error,{code_unavailable,<<") == 0);
}

} // namespace pfun::testing
