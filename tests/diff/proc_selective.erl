-module(proc_selective).
-export([main/1]).
main(_) ->
    self() ! {b, 2}, self() ! {a, 1}, self() ! {c, 3}, self() ! {a, 4},
    R1 = receive {a, X} -> X end,
    R2 = receive {c, Y} -> Y end,
    R3 = receive {a, Z} -> Z end,
    R4 = receive {b, W} -> W end,
    io:format("~p~n", [[R1, R2, R3, R4]]),
    R5 = receive M -> M after 0 -> empty end,
    io:format("~p~n", [R5]),
    [self() ! N || N <- lists:seq(1, 10)],
    Evens = [receive N when N rem 2 =:= 0 -> N end || _ <- lists:seq(1, 5)],
    Odds = [receive N -> N end || _ <- lists:seq(1, 5)],
    io:format("~p ~p~n", [Evens, Odds]).
