// Back-pressure on remote sends (NodeConfig::busyLimitBytes, docs/protocol.md): a
// process that sends on a connection whose unsent output is past the limit is
// suspended until the output drained, without blocking its scheduler thread, and
// its messages all arrive, in order. A peer made by hand (raw_peer.h) that stops
// reading makes the output pile up deterministically: the tests wait for states
// (suspended, delivered), never for time.
#include "net_helpers.h"
#include "raw_peer.h"

#include "pfun/vm/process_registry.h"

#include <map>

using namespace pfun;
using pfun::testing::acceptHandshake;
using pfun::testing::eventually;
using pfun::testing::handshake;
using pfun::testing::RawClient;
using pfun::testing::RawListener;
using pfun::testing::TestNode;
using pfun::testing::transfer;

namespace {

constexpr const char* kBackPressureModule = R"(
-module(bp).
-export([blast/3, wait_all/1, blast_while_up/1, wait_gone/0, work/0]).

%% K processes each send {seq, J, I, Pad} for I = 1..N, in order, to {bp_sink, Node}
%% (J: the sender's number), then tell the caller {blasted, J}. Returns their pids.
blast(Node, K, N) ->
    Parent = self(),
    Pad = binary:copy(<<"x">>, 2000),
    [spawn(fun() -> send_all({bp_sink, Node}, J, 1, N, Pad), Parent ! {blasted, J} end)
     || J <- lists:seq(1, K)].

send_all(_, _, I, N, _) when I > N -> ok;
send_all(Dest, J, I, N, Pad) ->
    send(J, Dest, {seq, J, I, Pad}),
    send_all(Dest, J, I + 1, N, Pad).

%% Each sender sends its own way: the send instruction, a tail call of erlang:send/2
%% through apply (parking after its return), erlang:send/2.
send(1, Dest, M) -> Dest ! M;
send(2, Dest, M) -> apply(list_to_atom("erlang"), send, [Dest, M]);
send(_, Dest, M) -> erlang:send(Dest, M).

wait_all(0) -> ok;
wait_all(K) -> receive {blasted, _} -> wait_all(K - 1) after 30000 -> timeout end.

%% One process sending to {bp_sink, Node} for as long as Node is connected, which
%% then tells the caller how many messages it sent. Returns its pid.
blast_while_up(Node) ->
    Parent = self(),
    Pad = binary:copy(<<"x">>, 2000),
    spawn(fun() -> Parent ! {gone, send_while(Node, 0, Pad)} end).

send_while(Node, I, Pad) ->
    case lists:member(Node, nodes()) of
        true -> {bp_sink, Node} ! {seq, 1, I, Pad}, send_while(Node, I + 1, Pad);
        false -> I
    end.

wait_gone() -> receive {gone, I} -> {gone, I > 0} after 30000 -> timeout end.

%% Work another process does meanwhile (the answer is 5000050000).
work() ->
    Parent = self(),
    P = spawn(fun() -> Parent ! {sum, self(), lists:sum(lists:seq(1, 100000))} end),
    receive {sum, P, S} -> S after 30000 -> timeout end.
)";

constexpr size_t kLimit = 64 * 1024;
constexpr const char* kPeerName = "f@127.0.0.1:1";

// Ticks of the node and of the peer made by hand, long enough that no heartbeat
// (one per quarter tick) comes during a test: the peer sends none, and a heartbeat
// queued on a busy connection would mask a lost wake-up of its senders.
constexpr uint32_t kLongTickMs = 600000;

// A node whose connections are busy past `limit`.
std::unique_ptr<TestNode> busyNode(size_t limit = kLimit) {
    auto a = std::make_unique<TestNode>(
        "a", testing::testSecret(), std::chrono::milliseconds(kLongTickMs),
        std::chrono::milliseconds(5000), [limit](net::NodeConfig& c) { c.busyLimitBytes = limit; });
    REQUIRE(a->loadSource(kBackPressureModule, "bp.erl"));
    return a;
}

// The pids in the list the last call returned.
std::vector<vm::Term> pidsOf(TestNode& a) {
    std::vector<vm::Term> pids;
    for (vm::Term l = a.last(); l.isList(); l = l.tail())
        pids.push_back(l.head());
    return pids;
}

// Whether every one of `pids` is suspended (a sender that only sends waits only
// there).
bool allParked(TestNode& a, const std::vector<vm::Term>& pids) {
    for (vm::Term pid : pids) {
        auto p = a.rt().processes().find(pid);
        if (!p || p->state.load() != vm::ProcessState::Waiting) return false;
    }
    return true;
}

// The most bytes the node's connections may hold unsent: the limit, plus one message
// per suspended sender (each queues its message before it parks), plus what the
// node sends on its own.
size_t peakBound(size_t senders) {
    return kLimit + senders * 4096 + 4096;
}

} // namespace

TEST_SUITE("net back-pressure") {

    TEST_CASE("senders past the busy limit are suspended, others run, and every message "
              "arrives in order once the peer reads") {
        auto a = busyNode();
        RawClient peer(a->node().port(), 4096);
        REQUIRE(handshake(peer, kPeerName, testing::testSecret(), kLongTickMs));
        REQUIRE(eventually([&] { return a->node().isConnected(kPeerName); }));

        // More senders than scheduler threads (2), each sending about 10 MB: far more
        // than the limit plus what the kernel buffers of a peer that does not read.
        const int senders = 3, perSender = 5000;
        REQUIRE(a->callIn("bp", "blast",
                          {a->atom(kPeerName), vm::Term::makeSmall(senders),
                           vm::Term::makeSmall(perSender)})
                    .starts_with("["));
        std::vector<vm::Term> pids = pidsOf(*a);
        REQUIRE(pids.size() == size_t(senders));
        CHECK(eventually([&] {
            return a->node().stats().busySuspends >= uint64_t(senders) && allParked(*a, pids);
        }));

        // Every scheduler thread would be held if suspending blocked one.
        CHECK(a->callIn("bp", "work", {}) == "5000050000");
        CHECK(allParked(*a, pids));
        CHECK(a->node().stats().peakQueuedBytes <= peakBound(senders));

        // The peer reads: every message arrives, in order per sender, and the
        // senders finish.
        std::map<int64_t, int64_t> next;
        int64_t received = 0;
        bool inOrder = true;
        while (received < senders * perSender) {
            std::vector<uint8_t> frame = peer.readFrame();
            REQUIRE(!frame.empty());
            const wire::Envelope* env = wire::GetEnvelope(frame.data());
            if (env->body_type() != wire::Body_RegSend) continue;
            const auto* m = env->body_as_RegSend();
            REQUIRE(m->message());
            vm::Heap heap(512);
            vm::Term t =
                vm::binaryToTerm(heap, m->message()->data(), m->message()->size(), a->rt().atoms());
            REQUIRE((t.isTuple() && t.tupleArity() == 4));
            int64_t j = t.element(1).small(), i = t.element(2).small();
            int64_t& want = next.try_emplace(j, 1).first->second;
            if (i != want) inOrder = false;
            want = i + 1;
            ++received;
        }
        CHECK(inOrder);
        CHECK(next.size() == size_t(senders));
        CHECK(a->callIn("bp", "wait_all", {vm::Term::makeSmall(senders)}) == "ok");
        net::Node::Stats s = a->node().stats();
        INFO("busy suspends " << s.busySuspends << ", peak " << s.peakQueuedBytes);
        CHECK(s.peakQueuedBytes <= peakBound(senders));
    }

    TEST_CASE("a sender suspended on a connection that dies goes on") {
        auto a = busyNode();
        auto peer = std::make_unique<RawClient>(a->node().port(), 4096);
        REQUIRE(handshake(*peer, kPeerName, testing::testSecret(), kLongTickMs));
        REQUIRE(eventually([&] { return a->node().isConnected(kPeerName); }));

        a->callIn("bp", "blast_while_up", {a->atom(kPeerName)});
        std::vector<vm::Term> pids{a->last()};
        CHECK(eventually([&] { return allParked(*a, pids); }));
        CHECK(a->node().stats().busySuspends >= 1);

        // The peer dies with the sender suspended on its connection: the sender
        // resumes (what it queued is dropped, as for any unreachable node), sees
        // the node gone and ends.
        peer.reset();
        CHECK(a->callIn("bp", "wait_gone", {}) == "{gone,true}");
        CHECK(eventually([&] { return !a->rt().processes().find(pids[0]); }));
    }

    TEST_CASE("a stream through a tiny busy limit to a real node arrives complete and in "
              "order") {
        // Sends park and resume many times over (any lost wake-up hangs the
        // stream); the echoes come back in order and the output never exceeds the
        // limit by more than a message.
        const size_t limit = 4096;
        auto a = busyNode(limit);
        TestNode b("b");
        REQUIRE(a->node().connect(b.name(), std::chrono::seconds(10)));
        b.call("start_echo", {});
        vm::Heap heap;
        vm::Term echo = transfer(b, b.last(), *a, heap);
        CHECK(a->call("stream", {echo, vm::Term::makeSmall(20000)}) == "ok");
        net::Node::Stats s = a->node().stats();
        INFO("busy suspends " << s.busySuspends << ", peak " << s.peakQueuedBytes);
        CHECK(s.peakQueuedBytes <= limit + 1024);
    }

    TEST_CASE("a burst to a node still being connected waits for the connection: nothing "
              "is dropped, nothing overtakes") {
        // The node dials a peer made by hand that does not answer yet: the first 1024
        // frames wait for the connection, and the sender, finding that queue full,
        // parks instead of losing its messages.
        RawListener listener;
        const std::string name = "g@127.0.0.1:" + std::to_string(listener.port());
        auto a = busyNode();
        const int perSender = 3000;
        REQUIRE(a->callIn("bp", "blast",
                          {a->atom(name), vm::Term::makeSmall(1), vm::Term::makeSmall(perSender)})
                    .starts_with("["));
        std::vector<vm::Term> pids = pidsOf(*a);
        CHECK(eventually([&] { return allParked(*a, pids); }));
        CHECK(a->node().stats().busySuspends >= 1);
        CHECK(!a->node().isConnected(name));

        auto peer = listener.accept();
        REQUIRE(peer);
        REQUIRE(acceptHandshake(*peer, name, testing::testSecret(), kLongTickMs));
        int64_t next = 1;
        bool inOrder = true;
        while (next <= perSender) {
            std::vector<uint8_t> frame = peer->readFrame();
            REQUIRE(!frame.empty());
            const wire::Envelope* env = wire::GetEnvelope(frame.data());
            if (env->body_type() != wire::Body_RegSend) continue;
            const auto* m = env->body_as_RegSend();
            vm::Heap heap(512);
            vm::Term t =
                vm::binaryToTerm(heap, m->message()->data(), m->message()->size(), a->rt().atoms());
            REQUIRE((t.isTuple() && t.tupleArity() == 4));
            if (t.element(2).small() != next) inOrder = false;
            ++next;
        }
        CHECK(inOrder);
        CHECK(a->callIn("bp", "wait_all", {vm::Term::makeSmall(1)}) == "ok");
    }

    TEST_CASE("a sender waiting for a connection that fails goes on") {
        RawListener listener;
        const std::string name = "g@127.0.0.1:" + std::to_string(listener.port());
        auto a = busyNode();
        REQUIRE(a->callIn("bp", "blast",
                          {a->atom(name), vm::Term::makeSmall(1), vm::Term::makeSmall(3000)})
                    .starts_with("["));
        std::vector<vm::Term> pids = pidsOf(*a);
        CHECK(eventually([&] { return allParked(*a, pids); }));
        // The connection fails (reset, then refused): its frames are dropped and the
        // sender goes on to the end.
        listener.close();
        CHECK(a->callIn("bp", "wait_all", {vm::Term::makeSmall(1)}) == "ok");
    }

} // TEST_SUITE
