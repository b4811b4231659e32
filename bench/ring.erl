-module(ring).
-export([main/1]).

%% A ring of 1,000 processes, a token passed 1,000 laps: 1,000,000 messages.
main(_) ->
    N = 1000,
    Laps = 1000,
    Self = self(),
    T0 = erlang:monotonic_time(microsecond),
    First = lists:foldl(fun(_, Next) -> spawn(fun() -> relay(Next) end) end, Self,
                        lists:seq(1, N - 1)),
    First ! Laps * N,
    finish(First),
    T1 = erlang:monotonic_time(microsecond),
    io:format("result=~p~n", [N * Laps]),
    io:format("time_us=~p~n", [T1 - T0]).

relay(Next) ->
    receive
        0 -> Next ! 0;
        K -> Next ! K - 1, relay(Next)
    end.

finish(First) ->
    receive
        0 -> ok;
        K -> First ! K - 1, finish(First)
    end.
