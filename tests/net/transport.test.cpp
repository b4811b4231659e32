// The transport's delivery path under bursts: messages a connection reads in one go
// are decoded per receiver into one shared fragment and pushed together, so these
// tests check what that must keep: order per pair of processes, every kind of term
// (immediates, boxed terms, off-heap binaries, terms larger than a block) intact,
// messages to pids and names that do not exist dropped without disturbing the
// others, and a signal that follows messages (an exit) acted on after them.
#include "net_helpers.h"

using namespace pfun;
using pfun::testing::TestNode;
using pfun::testing::transfer;

namespace {

constexpr const char* kBurstModule = R"(
-module(burst).
-export([start/0, run/4, msg/1]).

%% Traps exits and keeps every message until an 'EXIT' comes, then tells the exit's
%% sender what it got, in order.
sink() -> process_flag(trap_exit, true), loop([]).

%% On the receiving node: {Sink, NamedSink, DeadPid}; NamedSink is burst_named.
start() ->
    S1 = spawn(fun sink/0),
    S2 = spawn(fun sink/0),
    register(burst_named, S2),
    {S1, S2, dead()}.

loop(Acc) ->
    receive
        {'EXIT', From, Why} -> From ! {got, self(), lists:reverse(Acc), Why};
        M -> loop([M | Acc])
    end.

%% A pid on this node that has ended.
dead() ->
    P = spawn(fun() -> ok end),
    Ref = monitor(process, P),
    receive {'DOWN', Ref, process, _, _} -> P end.

%% Every shape of term in turn: immediates, small boxes, off-heap binaries, floats,
%% big lists (larger than a fragment's first block).
msg(I) ->
    case I rem 5 of
        0 -> I;
        1 -> {I, <<"bin", I:32>>};
        2 -> {I, binary:copy(<<I:8>>, 100 + I rem 7)};
        3 -> {I, float(I), [a, "text" | I]};
        4 -> {I, lists:seq(1, I rem 3000)}
    end.

%% Sends N messages to S1 by pid and every third one to Name on Node, with sends to
%% a dead pid and to an unregistered name between them, then exits both sinks and
%% checks that each got exactly its messages, in order, before the exit.
run(S1, S2, Dead, N) ->
    Name = burst_named,
    Node = node(S1),
    lists:foreach(
      fun(I) ->
          S1 ! msg(I),
          Dead ! msg(I),
          case I rem 3 of
              0 -> {Name, Node} ! {named, msg(I)};
              1 -> {no_such_name, Node} ! msg(I);
              _ -> ok
          end
      end, lists:seq(1, N)),
    exit(S1, done),
    exit(S2, done),
    Want1 = [msg(I) || I <- lists:seq(1, N)],
    Want2 = [{named, msg(I)} || I <- lists:seq(1, N), I rem 3 =:= 0],
    R1 = receive {got, S1, L1, done} -> L1 =:= Want1 orelse {s1, length(L1), first_diff(L1, Want1, 1)}
         after 20000 -> s1_timeout end,
    R2 = receive {got, S2, L2, done} -> L2 =:= Want2 orelse {s2, length(L2), first_diff(L2, Want2, 1)}
         after 20000 -> s2_timeout end,
    {R1, R2}.

first_diff([X | A], [X | B], I) -> first_diff(A, B, I + 1);
first_diff(_, _, I) -> I.

)";

} // namespace

TEST_SUITE("net transport") {

    TEST_CASE("a burst to two receivers, by pid and by name, arrives complete, in order, "
              "before the exit that follows it") {
        TestNode a("a"), b("b");
        REQUIRE(a.loadSource(kBurstModule, "burst.erl"));
        REQUIRE(b.loadSource(kBurstModule, "burst.erl"));
        REQUIRE(a.node().connect(b.name(), std::chrono::seconds(10)));
        b.callIn("burst", "start", {});
        vm::Heap heap;
        vm::Term sinks = transfer(b, b.last(), a, heap);
        // 6000 messages each way make many bursts of hundreds of frames per read.
        CHECK(a.callIn("burst", "run",
                       {sinks.element(0), sinks.element(1), sinks.element(2),
                        vm::Term::makeSmall(6000)}) == "{true,true}");
        // The connection survived it (dropped messages are not errors).
        CHECK(a.node().isConnected(b.name()));
        CHECK(b.node().isConnected(a.name()));
    }

} // TEST_SUITE
