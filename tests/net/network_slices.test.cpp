// Slices run by the network thread (vm::Scheduler::NetworkSlices): a process that a
// frame starts on an idle node runs its first slice on the thread that read the
// frame, and a call that would block that thread (connecting to a node) moves the
// process to a worker instead of waiting on itself.
#include "net_helpers.h"

#include "pfun/net/shipping.h"
#include "pfun/stdlib/stdlib.h"
#include "pfun/vm/scheduler.h"

#include <doctest/doctest.h>

namespace pfun::testing {

namespace {

constexpr const char* kSliceModule = R"(
-module(ns).
-export([warm/2, hop/3, long/2]).

warm(_Node, 0) -> ok;
warm(Node, N) ->
    {ok, N} = get_result(spawn(Node, pfun() -> N end)),
    warm(Node, N - 1).

%% A process on B that spawns on C, to which B is not connected yet: B connects
%% from inside the process that A's frame started.
hop(B, C, K) ->
    Pid = spawn(B, pfun() ->
                       Q = spawn(C, pfun() -> K * 2 end),
                       {node(), get_result(Q)}
                   end),
    get_result(Pid).

%% Far more than one time slice of work.
long(Node, N) ->
    get_result(spawn(Node, pfun() -> lists:sum([X rem 7 || X <- lists:seq(1, N)]) end)).
)";

void enable(TestNode& n) {
    auto ambient = [](std::string_view m) { return stdlib::isAmbientModule(m); };
    net::enableShipping(n.node(), {ambient, {}});
}

} // namespace

TEST_CASE("a process started by a frame on an idle node runs on the network thread, and "
          "a connect it makes there runs on a worker") {
    TestNode a("ns_a"), b("ns_b");
    enable(a);
    enable(b);
    REQUIRE(a.loadSource(kSliceModule, "ns.erl"));
    REQUIRE(a.node().connect(b.name(), std::chrono::seconds(10)));
    vm::Term bAtom = a.atom(b.name());

    // Spawns onto B while B has nothing else to do: once its workers sleep (on a
    // loaded machine a worker may take a while to get there), the network thread
    // runs the spawned processes.
    CHECK(eventually([&] {
        return a.callIn("ns", "warm", {bAtom, vm::Term::makeSmall(5)}) == "ok" &&
               b.rt().scheduler().networkSlices() > 0;
    }));

    // B's process spawns on a node B has never seen. Connecting waits for the
    // network thread, so it must not wait on it: the call moves to a worker. (Were it
    // to wait there, the connection could not come up and the spawn would fail with
    // noconnection after the handshake timeout.) Another C until the process did run
    // on B's network thread (when B's workers were asleep).
    for (int attempt = 0; attempt < 20 && b.rt().scheduler().deferredCalls() == 0; ++attempt) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10 * attempt));
        TestNode c("ns_c" + std::to_string(attempt));
        enable(c);
        std::string expected = "{ok,{'" + b.name() + "',{ok,84}}}";
        CHECK(a.callIn("ns", "hop", {bAtom, a.atom(c.name()), vm::Term::makeSmall(42)}) ==
              expected);
    }
    CHECK(b.rt().scheduler().deferredCalls() > 0);

    // A process that needs many slices goes on on a worker after its first one.
    CHECK(a.callIn("ns", "long", {bAtom, vm::Term::makeSmall(200000)}) == "{ok,599997}");
}

} // namespace pfun::testing
