// Tearing a node down while its processes still run: processes in the middle of
// shipping BIFs, waiting on shipping, connecting, or woken by a nodedown while the
// node goes (net::Node's Teardown, shipping.h's Lifetime); and a stopped scheduler,
// which refuses work for good. Run under ThreadSanitizer and AddressSanitizer these
// are the cases that freed the shipping layer under a process.
//
// No timing is asserted: every wait below is an Erlang receive with a generous
// `after` (a hang guard) or a wait for an event that must come.
#include "net_helpers.h"
#include "raw_peer.h"

#include "pfun/net/shipping.h"
#include "pfun/vm/lifecycle.h"
#include "pfun/vm/scheduler.h"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>

namespace pfun::testing {

namespace {

constexpr const char* kShutdownModule = R"(
-module(sd).
-export([start_users/2, start_users/3, start_waiter/1, start_connecter/1, gone/1, result/0, connected/0,
         after_teardown/0, ident_a/1, ident_b/1]).

%% N processes that use the shipping layer in a loop (hammers) and one that spawns
%% on Peer and waits for each result (a pfun, or sd:Fun(K) when Fun is not lambda), all
%% until the layer is gone. ok once each has gone through it at least once.
start_users(N, Peer) -> start_users(N, Peer, lambda).
start_users(N, Peer, Fun) ->
    Parent = self(),
    [spawn(fun() -> _ = net:ship_stats(), Parent ! {started, self()}, hammer(Parent, 0) end)
     || _ <- lists:seq(1, N)],
    spawn(fun() -> spawner(Parent, Peer, Fun, 0) end),
    await(started, N + 1).

ident_a(N) -> N.
ident_b(N) -> element(1, {N}).

hammer(Parent, N) ->
    _ = net:explain(self()),
    _ = nodes(),
    case net:ship_stats() of
        [] -> Parent ! {gone, self(), N};
        _ -> hammer(Parent, N + 1)
    end.

spawner(Parent, Peer, Fun, N) ->
    R = (catch get_result(case Fun of
                              lambda -> spawn(Peer, pfun() -> N end);
                              _ -> spawn(Peer, sd, Fun, [N])
                          end)),
    case R of
        {ok, 0} -> Parent ! {started, self()}, spawner(Parent, Peer, Fun, 1);
        {ok, N} -> spawner(Parent, Peer, Fun, N + 1);
        _ -> Parent ! {gone, self(), N, R}
    end.

%% A process waiting for the outcome of a process on Peer that never ends.
start_waiter(Peer) ->
    Parent = self(),
    spawn(fun() ->
              Pid = spawn(Peer, pfun() -> receive never -> ok end end),
              Parent ! {started, self()},
              Parent ! {result, get_result(Pid)}
          end),
    await(started, 1).

%% A process connecting to a node that never answers the handshake.
start_connecter(Ghost) ->
    Parent = self(),
    spawn(fun() -> Parent ! {connected, net:connect(Ghost)} end),
    ok.

gone(N) -> await(gone, N).
result() -> receive {result, R} -> R after 60000 -> missing end.
connected() -> receive {connected, R} -> R after 60000 -> missing end.

%% What a runtime whose node is gone answers, and that it still runs processes.
after_teardown() ->
    {node(), net:ship_stats(), nodes(), get_result(spawn(fun() -> 42 end))}.

%% Receives N messages tagged Tag: ok, or what was missing (a hang guard).
await(_, 0) -> ok;
await(Tag, N) ->
    receive
        M when is_tuple(M), element(1, M) =:= Tag -> await(Tag, N - 1)
    after 60000 -> {missing, Tag, N}
    end.
)";

struct ShipPair {
    TestNode a, b;
    explicit ShipPair(std::chrono::milliseconds aHandshakeTimeout = std::chrono::seconds(5))
        : a("down_a", testSecret(), std::chrono::milliseconds(15000), aHandshakeTimeout),
          b("down_b") {
        auto ambient = [](std::string_view m) { return stdlib::isAmbientModule(m); };
        net::enableShipping(a.node(), {ambient, {}});
        net::enableShipping(b.node(), {ambient, {}});
        REQUIRE(a.loadSource(kShutdownModule, "sd.erl"));
        REQUIRE(b.loadSource(kShutdownModule, "sd.erl"));
        REQUIRE(a.node().connect(b.name(), std::chrono::seconds(10)));
    }
};

} // namespace

TEST_CASE("a node torn down while its processes use shipping, wait on it and connect") {
    // A's handshakes never time out by themselves here: only the teardown can end
    // the connect below.
    ShipPair p(std::chrono::seconds(600));
    const vm::Term bOnA = p.a.atom(p.b.name());
    REQUIRE(p.a.callIn("sd", "start_users", {vm::Term::makeSmall(3), bOnA}) == "ok");
    REQUIRE(p.a.callIn("sd", "start_waiter", {bOnA}) == "ok");
    // A node that accepts TCP and never speaks: once its connection is accepted the
    // connecter is inside Node::connect's wait (or about to wait, under the lock
    // the teardown takes).
    RawListener ghost;
    const std::string ghostName = "ghost@127.0.0.1:" + std::to_string(ghost.port());
    REQUIRE(p.a.callIn("sd", "start_connecter", {p.a.atom(ghostName)}) == "ok");
    auto held = ghost.accept();
    REQUIRE(held != nullptr);

    p.a.stopNode();

    // Every user found the layer gone (none used it after it was freed: the
    // sanitizers watch that), the waiter was answered as for a lost connection,
    // and the connect ended with the node.
    CHECK(p.a.callIn("sd", "gone", {vm::Term::makeSmall(4)}) == "ok");
    CHECK(p.a.callIn("sd", "result", {}) == "{error,noconnection}");
    CHECK(p.a.callIn("sd", "connected", {}) == "false");
    CHECK(p.a.callIn("sd", "after_teardown", {}) == "{nonode@nohost,[],[],{ok,42}}");
    // B saw A go and goes on.
    CHECK(eventually([&] { return p.b.node().peers().empty(); }));
    CHECK(p.b.callIn("sd", "after_teardown", {}).find("{ok,42}") != std::string::npos);
}

TEST_CASE("two nodes torn down at once while their processes use shipping across") {
    // Each node sees the other's connection drop (nodedown wakes its shipping
    // watchers) while it is being torn down itself.
    ShipPair p;
    const vm::Term bOnA = p.a.atom(p.b.name());
    const vm::Term aOnB = p.b.atom(p.a.name());
    // Different code each way (different bodies, so different hashes): a spawn of
    // code back to a node it came from is not what this test is about.
    REQUIRE(p.a.callIn("sd", "start_users", {vm::Term::makeSmall(2), bOnA, p.a.atom("ident_a")}) ==
            "ok");
    REQUIRE(p.b.callIn("sd", "start_users", {vm::Term::makeSmall(2), aOnB, p.b.atom("ident_b")}) ==
            "ok");

    std::thread other([&] { p.a.stopNode(); });
    p.b.stopNode();
    other.join();

    CHECK(p.a.callIn("sd", "gone", {vm::Term::makeSmall(3)}) == "ok");
    CHECK(p.b.callIn("sd", "gone", {vm::Term::makeSmall(3)}) == "ok");
    CHECK(p.a.callIn("sd", "after_teardown", {}) == "{nonode@nohost,[],[],{ok,42}}");
    CHECK(p.b.callIn("sd", "after_teardown", {}) == "{nonode@nohost,[],[],{ok,42}}");
}

TEST_CASE("a stopped scheduler starts no thread again and runs nothing more") {
    TestNode n("down_sched");
    // The threads run (a process answered from them).
    REQUIRE(n.call("start_echo", {}).find('<') == 0);
    vm::Term echo = n.last();
    REQUIRE(n.call("same", {echo, vm::Term::makeSmall(1)}) == "true");
    REQUIRE(n.rt().scheduler().threadsStarted() > 0);
    vm::Scheduler& sched = n.rt().scheduler();
    sched.stop();
    CHECK(sched.stopped());
    const unsigned threads = sched.threadsStarted();

    // Processes made runnable afterwards: queued, kept for the network thread's
    // slice, and a timer. None runs, and no thread starts.
    auto ran = std::make_shared<std::atomic<int>>(0);
    vm::SpawnOptions opts;
    opts.onExit = [ran](vm::Process&, vm::RunStatus) { ran->fetch_add(1); };
    vm::Heap heap;
    vm::Term queued =
        vm::spawnProcess(n.rt(), nullptr, n.atom("lists"), n.atom("seq"),
                         vm::makeList(heap, {vm::Term::makeSmall(1), vm::Term::makeSmall(3)}), opts)
            ->self();
    vm::Term kept;
    {
        vm::Scheduler::NetworkSlices here(sched);
        kept = vm::spawnProcess(
                   n.rt(), nullptr, n.atom("lists"), n.atom("seq"),
                   vm::makeList(heap, {vm::Term::makeSmall(1), vm::Term::makeSmall(3)}), opts)
                   ->self();
        here.run();
    }
    sched.sendAfter(vm::Scheduler::Clock::now(), queued, n.atom("hello"), queued, 1);

    CHECK(sched.threadsStarted() == threads);
    CHECK(ran->load() == 0);
    // Never run, so never ended: still in the registry, which frees them with the
    // runtime (AddressSanitizer checks that nothing leaks).
    CHECK(n.rt().processes().find(queued) != nullptr);
    CHECK(n.rt().processes().find(kept) != nullptr);
}

} // namespace pfun::testing
