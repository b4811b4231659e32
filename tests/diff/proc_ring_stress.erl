-module(proc_ring_stress).
-export([main/1]).
main(_) ->
    Self = self(),
    N = 1000, Laps = 1000,
    First = lists:foldl(fun(_, Next) -> spawn(fun() -> relay(Next) end) end, Self, lists:seq(1, N - 1)),
    First ! Laps * N,
    finish(First).
relay(Next) ->
    receive
        0 -> Next ! 0;
        K -> Next ! K - 1, relay(Next)
    end.
finish(First) ->
    receive
        0 -> io:format("ring done~n");
        K -> First ! K - 1, finish(First)
    end.
