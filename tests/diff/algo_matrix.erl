-module(algo_matrix).
-export([main/1]).

transpose([[] | _]) -> [];
transpose(M) -> [[hd(R) || R <- M] | transpose([tl(R) || R <- M])].

mul(A, B) ->
    BT = transpose(B),
    [[lists:sum(lists:zipwith(fun(X, Y) -> X * Y end, Row, Col)) || Col <- BT] || Row <- A].

identity(N) -> [[if I =:= J -> 1; true -> 0 end || J <- lists:seq(1, N)] || I <- lists:seq(1, N)].

mpow(M, 0) -> identity(length(M));
mpow(M, N) -> mul(M, mpow(M, N - 1)).

%% Matrices as lists of lists; Fibonacci by matrix power (bignums).
main(_) ->
    A = [[1, 2], [3, 4]],
    B = [[5, 6], [7, 8]],
    io:format("~p~n", [mul(A, B)]),
    io:format("~p~n", [transpose([[1, 2, 3], [4, 5, 6]])]),
    io:format("~p~n", [identity(3)]),
    [[_, Fib100], _] = mpow([[1, 1], [1, 0]], 100),
    io:format("~p~n", [Fib100]),
    io:format("~p~n", [mul([[1.5, 0], [0, 2]], [[2, 0], [0, 0.5]])]),
    ok.
