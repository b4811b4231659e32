-module(algo_nqueens).
-export([main/1]).

queens(N) -> queens(N, N).
queens(0, _) -> [[]];
queens(K, N) ->
    [[Q | Qs] || Qs <- queens(K - 1, N), Q <- lists:seq(1, N), safe(Q, Qs, 1)].

safe(_, [], _) -> true;
safe(Q, [Q1 | Qs], D) -> Q =/= Q1 andalso abs(Q - Q1) =/= D andalso safe(Q, Qs, D + 1).

%% N-queens by list comprehension.
main(_) ->
    io:format("~p~n", [[length(queens(N)) || N <- lists:seq(1, 7)]]),
    io:format("~p~n", [hd(queens(6))]),
    ok.
