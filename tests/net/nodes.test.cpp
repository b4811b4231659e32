// Several nodes in one test process: connecting, the peers table, the transitive
// mesh, messages to pids and to {Name, Node}, monitors and links across nodes, and
// noconnection when a peer goes away.
#include "net_helpers.h"

#include "pfun/vm/signals.h"

using namespace pfun;
using pfun::testing::eventually;
using pfun::testing::TestNode;
using pfun::testing::transfer;

TEST_SUITE("net nodes") {

    TEST_CASE("two nodes connect and both list the other") {
        TestNode a("a"), b("b");
        CHECK(a.node().connect(b.name(), std::chrono::seconds(10)));
        CHECK(a.node().isConnected(b.name()));
        CHECK(eventually([&] { return b.node().isConnected(a.name()); }));
        CHECK(a.call("names", {}) == "['" + b.name() + "']");
        CHECK(b.call("names", {}) == "['" + a.name() + "']");
        // node() answers the node's name.
        vm::CallResult r = vm::callMfa(*std::make_shared<vm::Process>(a.rt()), a.atom("erlang"),
                                       a.atom("node"), std::vector<vm::Term>{});
        REQUIRE(r.ok);
        CHECK(r.value == a.node().nameAtom());
    }

    TEST_CASE("a message goes to a remote pid and to {Name, Node} and the reply comes back") {
        TestNode a("a"), b("b");
        REQUIRE(a.node().connect(b.name(), std::chrono::seconds(10)));
        b.call("start_echo", {});
        vm::Term echoOnB = b.last();
        vm::Heap heap;
        vm::Term echo = transfer(b, echoOnB, a, heap);
        CHECK(a.call("call", {echo, vm::Term::makeSmall(42)}) == "{'" + b.name() + "',42}");
        CHECK(a.call("call_named", {a.atom("echo"), a.atom(b.name()), a.atom("hi")}) ==
              "{'" + b.name() + "',hi}");
        // A remote pid prints with a node index other than 0.
        std::string shown = a.call("show", {echo});
        INFO(shown); // the characters, written as a list: "<N.A.B>" with N > 0
        CHECK(shown.rfind("[60,", 0) == 0);
        CHECK(shown.rfind("[60,48,46", 0) != 0);
        // Big and structured terms survive the trip.
        vm::Heap h2;
        vm::Term big = vm::makeTuple(
            h2, {vm::makeCharListFromUtf8(h2, std::string(5000, 'x')), vm::Term::makeSmall(-7)});
        CHECK(a.call("same", {echo, big}) == "true");
        // A pid of a travels to b and comes back as a's own local pid.
        CHECK(a.call("same", {echo, vm::Term::makeLocalPid(1)}) == "true");
    }

    TEST_CASE("three nodes: connecting to one connects to its peers (transitive mesh)") {
        TestNode a("a"), b("b"), c("c");
        REQUIRE(a.node().connect(b.name(), std::chrono::seconds(10)));
        REQUIRE(c.node().connect(b.name(), std::chrono::seconds(10)));
        CHECK(eventually([&] { return c.node().isConnected(a.name()); }));
        CHECK(eventually([&] { return a.node().isConnected(c.name()); }));
        CHECK(eventually([&] {
            return a.node().peers().size() == 2 && b.node().peers().size() == 2 &&
                   c.node().peers().size() == 2;
        }));
        // A message from c reaches a process on a directly.
        a.call("start_echo", {});
        vm::Heap heap;
        vm::Term echo = transfer(a, a.last(), c, heap);
        CHECK(c.call("call", {echo, c.atom("x")}) == "{'" + a.name() + "',x}");
    }

    TEST_CASE("simultaneous connects settle on one connection") {
        TestNode a("a"), b("b");
        std::thread t([&] { b.node().connect(a.name(), std::chrono::seconds(10)); });
        a.node().connect(b.name(), std::chrono::seconds(10));
        t.join();
        CHECK(eventually(
            [&] { return a.node().isConnected(b.name()) && b.node().isConnected(a.name()); }));
        b.call("start_echo", {});
        vm::Heap heap;
        vm::Term echo = transfer(b, b.last(), a, heap);
        CHECK(a.call("call", {echo, a.atom("ok")}) == "{'" + b.name() + "',ok}");
    }

    TEST_CASE("a monitor across nodes fires with the exit reason, and with noconnection") {
        TestNode a("a"), b("b");
        REQUIRE(a.node().connect(b.name(), std::chrono::seconds(10)));
        b.call("start_echo", {});
        vm::Heap heap;
        vm::Term echo = transfer(b, b.last(), a, heap);

        SUBCASE("the remote process ends normally") {
            a.call("watch", {echo});
            vm::Term w = a.last();
            // A round trip over the same connection: the monitor has reached the echo
            // process before it is told to stop (else 'DOWN' says noproc, rightly).
            REQUIRE(a.call("call", {echo, a.atom("sync")}) == "{'" + b.name() + "',sync}");
            b.call("stop", {b.rt().processes().whereis(b.atom("echo"))});
            auto host = std::make_shared<vm::Process>(a.rt());
            a.rt().processes().add(host);
            vm::CallResult r = vm::callMfa(*host, a.atom("erlang"), a.atom("get_result"),
                                           std::vector<vm::Term>{w, vm::Term::makeSmall(20000)});
            REQUIRE(r.ok);
            CHECK(stdlib::writeTerm(a.rt(), r.value) == "{ok,{down,normal}}");
        }
        SUBCASE("the remote node goes away") {
            a.call("watch", {echo});
            vm::Term w = a.last();
            a.call("watch_link", {echo});
            vm::Term l = a.last();
            b.stopNode();
            auto host = std::make_shared<vm::Process>(a.rt());
            a.rt().processes().add(host);
            vm::CallResult r = vm::callMfa(*host, a.atom("erlang"), a.atom("get_result"),
                                           std::vector<vm::Term>{w, vm::Term::makeSmall(20000)});
            REQUIRE(r.ok);
            CHECK(stdlib::writeTerm(a.rt(), r.value) == "{ok,{down,noconnection}}");
            r = vm::callMfa(*host, a.atom("erlang"), a.atom("get_result"),
                            std::vector<vm::Term>{l, vm::Term::makeSmall(20000)});
            REQUIRE(r.ok);
            CHECK(stdlib::writeTerm(a.rt(), r.value) == "{ok,{exit,noconnection}}");
            CHECK(eventually([&] { return !a.node().isConnected(b.name()); }));
            CHECK(a.logHas("lost"));
        }
    }

    TEST_CASE("a monitor of a remote pid that does not exist answers noproc") {
        TestNode a("a"), b("b");
        REQUIRE(a.node().connect(b.name(), std::chrono::seconds(10)));
        // A pid number nobody has on b.
        vm::Term ghost = a.rt().distribution().remotePid(a.atom(b.name()), 999999, 0);
        a.call("watch", {ghost});
        vm::Term w = a.last();
        auto host = std::make_shared<vm::Process>(a.rt());
        a.rt().processes().add(host);
        vm::CallResult r = vm::callMfa(*host, a.atom("erlang"), a.atom("get_result"),
                                       std::vector<vm::Term>{w, vm::Term::makeSmall(20000)});
        REQUIRE(r.ok);
        CHECK(stdlib::writeTerm(a.rt(), r.value) == "{ok,{down,noproc}}");
    }

    TEST_CASE("heartbeats keep an idle connection up across ticks") {
        using namespace std::chrono_literals;
        TestNode a("a", testing::testSecret(), 400ms), b("b", testing::testSecret(), 400ms);
        REQUIRE(a.node().connect(b.name(), 10s));
        // Heartbeats keep an idle connection up across several ticks.
        std::this_thread::sleep_for(1200ms);
        CHECK(a.node().isConnected(b.name()));
        CHECK(b.node().isConnected(a.name()));
    }

    TEST_CASE("monitor_node sends nodedown when the peer goes") {
        TestNode a("a"), b("b");
        REQUIRE(a.node().connect(b.name(), std::chrono::seconds(10)));
        auto host = std::make_shared<vm::Process>(a.rt());
        a.rt().processes().add(host);
        vm::Term node = a.atom(b.name());
        vm::CallResult r = vm::callMfa(*host, a.atom("erlang"), a.atom("monitor_node"),
                                       std::vector<vm::Term>{node, vm::atoms::kTrue});
        REQUIRE(r.ok);
        b.stopNode();
        CHECK(eventually([&] {
            vm::handleSignals(*host);
            return host->mailboxSize() == 1;
        }));
        CHECK(stdlib::writeTerm(a.rt(), host->mailbox()[0]) == "{nodedown,'" + b.name() + "'}");
    }

    TEST_CASE("node monitors of processes that ended do not pile up") {
        TestNode a("a"), b("b");
        REQUIRE(a.node().connect(b.name(), std::chrono::seconds(10)));
        REQUIRE(a.loadSource(R"(
-module(nm).
-export([churn/2]).
%% N processes one after the other, each monitoring Node and ending at once.
churn(_Node, 0) -> ok;
churn(Node, N) ->
    {P, Ref} = spawn_monitor(fun() -> erlang:monitor_node(Node, true) end),
    receive {'DOWN', Ref, process, P, normal} -> ok end,
    churn(Node, N - 1).
)",
                             "nm.erl"));
        CHECK(a.callIn("nm", "churn", {a.atom(b.name()), vm::Term::makeSmall(500)}) == "ok");
        // Without pruning: 500, one per ended process, until b goes.
        CHECK(a.node().nodeMonitorCount() < 200);
    }

} // TEST_SUITE

TEST_SUITE("net nodes") {

    TEST_CASE("a message to a node that is not connected connects to it, as in Erlang") {
        TestNode a("a"), b("b");
        b.call("start_echo", {});
        CHECK(!a.node().isConnected(b.name()));
        CHECK(a.call("call_named", {a.atom("echo"), a.atom(b.name()), a.atom("first")}) ==
              "{'" + b.name() + "',first}");
        CHECK(a.node().isConnected(b.name()));
    }

    TEST_CASE("many messages in a stream arrive complete and in order") {
        TestNode a("a"), b("b");
        REQUIRE(a.node().connect(b.name(), std::chrono::seconds(10)));
        b.call("start_echo", {});
        vm::Heap heap;
        vm::Term echo = transfer(b, b.last(), a, heap);
        CHECK(a.call("stream", {echo, vm::Term::makeSmall(20000)}) == "ok");
    }

    TEST_CASE("a burst of sends leaves in far fewer writes than frames, and a lone one at once") {
        TestNode a("a"), b("b");
        REQUIRE(a.node().connect(b.name(), std::chrono::seconds(10)));
        b.call("start_echo", {});
        vm::Heap heap;
        vm::Term echo = transfer(b, b.last(), a, heap);
        // A lone message and its reply: both sides' sends are corked for the slice and
        // must still leave when the sender waits (a lost flush makes this time out).
        CHECK(a.call("call", {echo, vm::Term::makeSmall(1)}) == "{'" + b.name() + "',1}");
        net::Node::Stats before = a.node().stats();
        CHECK(a.call("stream", {echo, vm::Term::makeSmall(4000)}) == "ok");
        net::Node::Stats after = a.node().stats();
        uint64_t frames = after.framesOut - before.framesOut;
        uint64_t writes = after.writes - before.writes;
        INFO("frames " << frames << ", writes " << writes);
        CHECK(frames >= 4000);
        // Uncorked, nearly every frame is a write of its own.
        CHECK(writes * 4 < frames);
    }

} // TEST_SUITE
