-module(funs_closure).
-export([main/1]).

make_counter(Start) -> fun(Inc) -> Start + Inc end.

make_adders(N) -> [fun(X) -> X + I end || I <- lists:seq(1, N)].

compose(F, G) -> fun(X) -> F(G(X)) end.

%% Closures capture variables by value at creation time.
main(_) ->
    C = make_counter(100),
    io:format("~p ~p~n", [C(1), C(50)]),
    Adders = make_adders(5),
    io:format("~p~n", [[A(10) || A <- Adders]]),
    X = 5,
    F = fun(Y) -> X * Y end,
    io:format("~p~n", [F(3)]),
    Inc = fun(V) -> V + 1 end,
    Dbl = fun(V) -> V * 2 end,
    io:format("~p ~p~n", [(compose(Inc, Dbl))(5), (compose(Dbl, Inc))(5)]),
    T = {captured, [1, 2, 3], <<"bin">>, #{k => v}},
    G = fun() -> T end,
    io:format("~p~n", [G()]),
    Curry = fun(A) -> fun(B) -> fun(Cc) -> A + B * Cc end end end,
    io:format("~p~n", [((Curry(1))(2))(3)]),
    Shadow = fun(X1) -> X1 + X end,
    io:format("~p~n", [Shadow(1)]),
    Fs = lists:foldl(fun(I, Acc) -> [fun() -> I * I end | Acc] end, [], [1, 2, 3]),
    io:format("~p~n", [[Fn() || Fn <- Fs]]),
    ok.
