// What a node runs for its peers ([accept] of its policy): which peers may spawn
// there, which roots, and the limits every process spawned from elsewhere runs
// under. Node A has the code (module acc); node B has none and a policy.
#include "net_helpers.h"

#include "pfun/net/shipping.h"

#include "shipping_impl.h" // Shipping::policy(): a new policy without a file

#include <doctest/doctest.h>

namespace pfun::testing {

namespace {

constexpr const char* kAcceptModule = R"(
-module(acc).
-export([work/1, spin/1, hog/1, idle/0, try_spawn/3, flood/2, family/1, spawn_idle/1,
         stop_one/0, lift/0]).

work(N) -> N * 2.

%% Never ends by itself.
spin(N) -> spin(N + 1).

%% Keeps everything it allocates.
hog(Acc) -> hog([lists:seq(1, 100) | Acc]).

%% Never reads its mailbox.
idle() -> receive never_sent -> ok end.

try_spawn(Node, F, Args) ->
    try spawn(Node, acc, F, Args) of
        Pid -> get_result(Pid, 20000)
    catch
        %% The reason as an atom: the test reads it in the printed term.
        error:{spawn_failed, _, {not_accepted, Why}} -> {not_accepted, list_to_atom(Why)};
        error:R -> {raised, R}
    end.

%% Spawns a child that hogs memory, then children that spin; how they ended.
family(N) ->
    {H, HRef} = spawn_monitor(fun() -> hog([]) end),
    HogWhy = receive {'DOWN', HRef, process, H, W} -> W end,
    Spinners = [spawn_monitor(fun() -> spin(0) end) || _ <- lists:seq(1, N)],
    [HogWhy | [receive {'DOWN', R, process, P, Why} -> Why end || {P, R} <- Spinners]].

%% Tries to replace the policy of the node it runs on, itself and from a child.
lift() ->
    Self = catch net:set_policy("none.toml"),
    Parent = self(),
    spawn(fun() -> Parent ! {child, catch net:set_policy("none.toml")} end),
    Child = receive {child, R} -> R end,
    {Self, Child}.

%% Spawns idle/0 on Node and keeps its pid (in the caller's dictionary).
spawn_idle(Node) ->
    try spawn(Node, acc, idle, []) of
        Pid -> put(idle, [Pid | case get(idle) of undefined -> []; L -> L end]), ok
    catch
        error:{spawn_failed, _, {not_accepted, Why}} -> {not_accepted, list_to_atom(Why)}
    end.

%% Ends one of those processes and waits for it.
stop_one() ->
    [Pid | Rest] = get(idle),
    put(idle, Rest),
    Pid ! never_sent,
    get_result(Pid, 20000).

flood(Node, N) ->
    Pid = spawn(Node, acc, idle, []),
    [Pid ! {filler, K} || K <- lists:seq(1, N)],
    get_result(Pid, 20000).
)";

loader::Policy policyOf(const std::string& text) {
    std::string error;
    auto p = loader::Policy::parse(text, "accept.toml", &error);
    REQUIRE_MESSAGE(p, error);
    return std::move(*p);
}

struct Pair {
    TestNode a{"acc_a"}, b{"acc_b"};
    explicit Pair(const std::string& bPolicy) {
        auto ambient = [](std::string_view m) { return stdlib::isAmbientModule(m); };
        net::enableShipping(a.node(), {ambient, policyOf("[loading]\nmode = \"eager\"\n")});
        net::enableShipping(b.node(), {ambient, policyOf(bPolicy)});
        REQUIRE(a.loadSource(kAcceptModule, "acc.erl"));
        REQUIRE(a.node().connect(b.name(), std::chrono::seconds(10)));
    }
    vm::Term bAtom() { return a.atom(b.name()); }
    std::string trySpawn(const char* f, vm::Term arg) {
        vm::Heap heap;
        vm::Term args = arg.isNonValue() ? vm::Term::nil() : vm::makeList(heap, {arg});
        return a.callIn("acc", "try_spawn", {bAtom(), a.atom(f), args});
    }
};

} // namespace

TEST_CASE("[accept] peers: a peer not listed cannot spawn; the node logs it and serves on") {
    Pair p("[accept]\npeers = [\"trusted@*\", \"acc_c@127.0.0.1:*\"]\n");
    std::string r = p.trySpawn("work", vm::Term::makeSmall(21));
    INFO(r);
    CHECK(r.find("{not_accepted,'acc_a@127.0.0.1:") == 0);
    CHECK(r.find("is not among the peers accepted at accept.toml:2") != std::string::npos);
    CHECK(p.b.logHas("refused"));
    CHECK(p.b.node().isConnected(p.a.name())); // a refusal, not a protocol error

    // The same peer, allowed by a new policy, spawns on the same connection.
    net::shippingOf(p.b.rt())->policy().set(
        policyOf("[accept]\npeers = [\"acc_a@127.0.0.1:*\"]\n"));
    CHECK(p.trySpawn("work", vm::Term::makeSmall(21)) == "{ok,42}");
}

TEST_CASE("[accept] roots: only the listed roots run; a refused root names itself") {
    Pair p("[accept]\nroots = [\"acc:work/1\"]\n");
    CHECK(p.trySpawn("work", vm::Term::makeSmall(5)) == "{ok,10}");
    std::string r = p.trySpawn("spin", vm::Term::makeSmall(0));
    INFO(r);
    CHECK(r.find("not_accepted") != std::string::npos);
    CHECK(r.find("acc:spin/1") != std::string::npos);
    // An empty list accepts nothing.
    net::shippingOf(p.b.rt())->policy().set(policyOf("[accept]\nroots = []\n"));
    CHECK(p.trySpawn("work", vm::Term::makeSmall(5)).find("not_accepted") != std::string::npos);
}

TEST_CASE("[accept] limits end a process spawned from another node, not the node") {
    Pair p("[accept]\nmax_reductions = 200000\nmax_heap_words = 200000\nmax_mailbox = 50\n");
    CHECK(p.trySpawn("spin", vm::Term::makeSmall(0)) == "{error,{exit,{limit,reductions}}}");
    CHECK(p.trySpawn("hog", vm::Term::nil()) == "{error,{exit,{limit,heap}}}");
    CHECK(p.a.callIn("acc", "flood", {p.bAtom(), vm::Term::makeSmall(200)}) ==
          "{error,{exit,{limit,mailbox}}}");
    // Work within the limits is untouched.
    CHECK(p.trySpawn("work", vm::Term::makeSmall(4)) == "{ok,8}");
}

TEST_CASE("code a peer spawned cannot replace the node's policy, nor can its children") {
    Pair p("[accept]\nmax_reductions = 100000000\n");
    std::string r = p.trySpawn("lift", vm::Term::nonValue());
    CHECK(r.find("{ok,{{'EXIT',{{not_allowed,set_policy},") == 0);
    CHECK(r.find("}]}},{'EXIT',{{not_allowed,set_policy},") != std::string::npos);
    CHECK(net::shippingOf(p.b.rt())->policy().current()->accept().maxReductions == 100000000);
}

TEST_CASE("[accept] max_processes: spawns past it are refused until one ends") {
    Pair p("[accept]\nmax_processes = 2\n");
    auto spawnIdle = [&] { return p.a.callIn("acc", "spawn_idle", {p.bAtom()}); };
    CHECK(spawnIdle() == "ok");
    CHECK(spawnIdle() == "ok");
    CHECK(spawnIdle() == "{not_accepted,'2 processes spawned by peers are running, the most "
                         "accepted at accept.toml:2'}");
    // One of them ends: there is room for one more, and only one.
    CHECK(p.a.callIn("acc", "stop_one", {}) == "{ok,ok}");
    CHECK(spawnIdle() == "ok");
    CHECK(spawnIdle().find("not_accepted") != std::string::npos);
}

TEST_CASE("[accept] limits pass to the children of a process a peer spawned") {
    // The children take its limits and share its reduction budget: spawning does
    // not escape them. (The hog needs far fewer reductions than the budget.)
    Pair p("[accept]\nmax_reductions = 2000000\nmax_heap_words = 50000\n");
    CHECK(p.trySpawn("family", vm::Term::makeSmall(3)) ==
          "{ok,[{limit,heap},{limit,reductions},{limit,reductions},{limit,reductions}]}");
}

} // namespace pfun::testing
