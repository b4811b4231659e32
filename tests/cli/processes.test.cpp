// Processes end to end through `pfun run`: get_result/1,2, preemption, crash
// reports, limits, and stress runs that stay quick. (Semantics that erl shares are
// in the differential suite, tests/diff/proc_*.erl.)
#include "run_helpers.h"

#include <doctest/doctest.h>

using pfun::testing::run;
using pfun::testing::TempDir;

namespace {

std::string program(const std::string& name, const std::string& body) {
    return "-module(" + name + ").\n-export([main/1]).\n" + body;
}

} // namespace

TEST_SUITE("processes") {
    TEST_CASE("get_result: value, crash classes, timeout, noproc, expired, many askers") {
        TempDir d;
        auto f = d.write("gr.erl", program("gr", R"(
main(_) ->
    P = spawn(fun() -> lists:sum(lists:seq(1, 10)) end),
    io:format("~p~n", [get_result(P)]),
    io:format("~p~n", [get_result(P)]),
    E = spawn(fun() -> erlang:error(bad) end),
    io:format("~p~n", [get_result(E)]),
    X = spawn(fun() -> exit(gone) end),
    io:format("~p~n", [get_result(X, 1000)]),
    T = spawn(fun() -> throw(ball) end),
    io:format("~p~n", [get_result(T)]),
    S = spawn(fun() -> receive after 200 -> late end end),
    io:format("~p~n", [get_result(S, 10)]),
    io:format("~p~n", [get_result(S)]),
    io:format("~p~n", [get_result(list_to_pid("<0.999999.0>"))]),
    true = erlang:release_result(P),
    io:format("~p~n", [get_result(P)]),
    Self = self(),
    W = spawn(fun() -> receive go -> {done, 7} end end),
    [spawn(fun() -> Self ! {asked, get_result(W)} end) || _ <- lists:seq(1, 5)],
    receive after 20 -> ok end,
    W ! go,
    io:format("~p~n", [[receive {asked, R} -> R end || _ <- lists:seq(1, 5)]]),
    {'EXIT', {Why, _}} = (catch get_result(not_a_pid)),
    io:format("~p~n", [Why]).
)"));
        auto o = run(f);
        CHECK(o.code == 0);
        CHECK(o.out == "{ok,55}\n"
                       "{ok,55}\n"
                       "{error,{error,bad}}\n"
                       "{error,{exit,gone}}\n"
                       "{error,{throw,ball}}\n"
                       "{error,timeout}\n"
                       "{ok,late}\n"
                       "{error,noproc}\n"
                       "{error,expired}\n"
                       "[{ok,{done,7}},{ok,{done,7}},{ok,{done,7}},{ok,{done,7}},{ok,{done,7}}]\n"
                       "badarg\n");
    }

    TEST_CASE("a busy-looping process does not stop another from replying (one scheduler)") {
        TempDir d;
        auto f = d.write("busy.erl", program("busy", R"(
main(_) ->
    Self = self(),
    Spinners = [spawn(fun() -> spin(0) end) || _ <- lists:seq(1, 3)],
    spawn(fun() -> Self ! {reply, lists:sum(lists:seq(1, 100))} end),
    receive {reply, S} -> io:format("~p~n", [S]) after 5000 -> io:format("starved~n") end,
    [exit(P, kill) || P <- Spinners],
    ok.
spin(N) -> spin(N + 1).
)"));
        auto o = run(f, {}, false, {}, 1);
        CHECK(o.code == 0);
        CHECK(o.out == "5050\n");
    }

    TEST_CASE("a crash is reported on stderr as erl reports it; the node lives on") {
        TempDir d;
        auto f = d.write("crash.erl", program("crash", R"(
main(_) ->
    {P, R} = spawn_monitor(fun() -> 1 = length([a, b]) end),
    receive {'DOWN', R, process, P, _} -> ok end,
    io:format("alive~n").
)"));
        auto o = run(f);
        CHECK(o.code == 0);
        CHECK(o.out == "alive\n");
        CHECK(o.err.find("=ERROR REPORT==== ") == 0);
        CHECK(o.err.find("Error in process <0.") != std::string::npos);
        CHECK(o.err.find("with exit value:\n{{badmatch,2},") != std::string::npos);
        CHECK(o.err.find("{crash,'-main/1-fun-0-',0,") != std::string::npos);
    }

    TEST_CASE("100,000 processes spawned and collected") {
        TempDir d;
        auto f = d.write("many.erl", program("many", R"(
main(_) ->
    Self = self(),
    N = 100000,
    [spawn(fun() -> Self ! I end) || I <- lists:seq(1, N)],
    Sum = collect(N, 0),
    io:format("~p ~p~n", [Sum, settled(1000)]).
%% Each process ends just after its send: wait (up to 10 s, polling) until they have.
settled(0) -> false;
settled(K) ->
    case length(erlang:processes()) < 10 of
        true -> true;
        false -> receive after 10 -> settled(K - 1) end
    end.
collect(0, Acc) -> Acc;
collect(N, Acc) -> receive I -> collect(N - 1, Acc + I) end.
)"));
        auto o = run(f);
        CHECK(o.code == 0);
        CHECK(o.out == "5000050000 true\n");
    }

    TEST_CASE("max_heap_size kills only the process that exceeds it") {
        TempDir d;
        auto f = d.write("limit.erl", program("limit", R"(
main(_) ->
    {P, R} = spawn_monitor(fun() -> process_flag(max_heap_size, 10000), grow([], 0) end),
    receive {'DOWN', R, process, P, Why} -> io:format("~p~n", [Why]) end.
grow(L, N) -> grow([N | L], N + 1).
)"));
        auto o = run(f);
        CHECK(o.code == 0);
        CHECK(o.out == "{limit,heap}\n");
    }

    TEST_CASE("a million idle processes fit in under 1 GB") {
        TempDir d;
        auto f = d.write("idle.erl", program("idle", R"(
main(_) ->
    M0 = erlang:memory(total),
    spawn_idle(1000000),
    receive after 200 -> ok end,
    Grown = erlang:memory(total) - M0,
    io:format("~p ~p~n", [length(erlang:processes()), Grown < 1000000000]).
spawn_idle(0) -> ok;
spawn_idle(K) -> spawn(fun() -> receive stop -> ok end end), spawn_idle(K - 1).
)"));
        auto o = run(f);
        CHECK(o.code == 0);
        CHECK(o.out == "1000001 true\n");
    }

    TEST_CASE("a mailbox over the node's limit kills only its process") {
        TempDir d;
        auto f = d.write("mbox.erl", program("mbox", R"(
main(_) ->
    {P, R} = spawn_monitor(fun() -> receive never -> ok end end),
    [P ! {junk, I} || I <- lists:seq(1, 500)],
    receive {'DOWN', R, process, P, Why} -> io:format("~p~n", [Why]) end.
)"));
        auto o = run(f, {}, false, {}, 0, [](pfun::cli::RunOptions& r) { r.maxMailbox = 100; });
        CHECK(o.code == 0);
        CHECK(o.out == "{limit,mailbox}\n");
    }

    TEST_CASE("the result table is bounded: the oldest results expire") {
        TempDir d;
        auto f = d.write("bounded.erl", program("bounded", R"(
main(_) ->
    %% One at a time, each finished (its result published) before the next starts,
    %% so the two kept are the last two whatever the load.
    Ps = [begin
              {P, R} = spawn_monitor(fun() -> I end),
              receive {'DOWN', R, process, P, _} -> P end
          end || I <- lists:seq(1, 5)],
    io:format("~p~n", [[get_result(P) || P <- Ps]]).
)"));
        auto o = run(f, {}, false, {}, 0, [](pfun::cli::RunOptions& r) { r.maxResults = 2; });
        CHECK(o.code == 0);
        CHECK(o.out == "[{error,expired},{error,expired},{error,expired},{ok,4},{ok,5}]\n");
    }
}
