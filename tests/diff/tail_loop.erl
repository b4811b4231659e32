-module(tail_loop).
-export([main/1]).

loop(0, Acc) -> Acc;
loop(N, Acc) -> loop(N - 1, Acc + N rem 7).

count(N, N, Acc) -> Acc;
count(I, N, Acc) when I rem 2 =:= 0 -> count(I + 1, N, Acc + 1);
count(I, N, Acc) -> count(I + 1, N, Acc).

even(0) -> true;
even(N) -> odd(N - 1).
odd(0) -> false;
odd(N) -> even(N - 1).

%% Long tail-recursive loops (must run in constant stack), mutual tail recursion.
main(_) ->
    io:format("~p~n", [loop(3000000, 0)]),
    io:format("~p~n", [count(0, 1000000, 0)]),
    io:format("~p ~p~n", [even(1000001), odd(1000001)]),
    F = fun Lp(0, A) -> A; Lp(N, A) -> Lp(N - 1, A * 3 rem 1000003) end,
    io:format("~p~n", [F(500000, 1)]),
    ok.
