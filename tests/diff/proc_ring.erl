-module(proc_ring).
-export([main/1]).
main(_) ->
    Self = self(),
    First = lists:foldl(fun(_, Next) -> spawn(fun() -> relay(Next) end) end, Self, lists:seq(1, 500)),
    First ! {token, 0},
    loop(First, 10).
relay(Next) ->
    receive
        {token, N} -> Next ! {token, N + 1}, relay(Next);
        stop -> Next ! stop
    end.
loop(First, 0) ->
    First ! stop,
    receive stop -> io:format("ring stopped~n") end;
loop(First, Laps) ->
    receive {token, N} -> io:format("lap ~p: ~p hops~n", [Laps, N]), First ! {token, N} end,
    loop(First, Laps - 1).
