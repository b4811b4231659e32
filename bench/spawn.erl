-module(spawn).
-export([main/1]).

%% Spawn+exit: 100,000 processes that each send one message back and end.
main(_) ->
    N = 100000,
    Self = self(),
    T0 = erlang:monotonic_time(microsecond),
    spawn_all(N, Self),
    wait(N),
    T1 = erlang:monotonic_time(microsecond),
    io:format("result=~p~n", [N]),
    io:format("time_us=~p~n", [T1 - T0]).

spawn_all(0, _) -> ok;
spawn_all(K, Self) ->
    spawn(fun() -> Self ! done end),
    spawn_all(K - 1, Self).

wait(0) -> ok;
wait(K) -> receive done -> wait(K - 1) end.
