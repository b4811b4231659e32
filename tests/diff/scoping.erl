-module(scoping).
-export([main/1]).

%% Variable binding rules: funs shadow, case exports, matching bound variables.
main(_) ->
    X = 1,
    F = fun(X1) -> X1 * 10 end,
    io:format("~p ~p~n", [F(5), X]),
    G = fun() -> X + 1 end,
    io:format("~p~n", [G()]),
    case id(2) of
        Y when Y > X -> Z = big;
        _ -> Y = 0, Z = small
    end,
    io:format("~p ~p~n", [Y, Z]),
    {A, A} = {same, same},
    io:format("~p~n", [A]),
    R = try {B, B} = id({1, 2}), B catch error:{badmatch, _} -> no_match end,
    io:format("~p~n", [R]),
    L = [X || X <- [10, 20]],
    io:format("~p ~p~n", [L, X]),
    H = fun(N) -> N + X end,
    io:format("~p~n", [H(100)]),
    W = 5,
    Cmp = fun(W) -> W end,
    io:format("~p ~p~n", [Cmp(6), W]),
    ok.

id(V) -> V.
