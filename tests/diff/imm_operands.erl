-module(imm_operands).
-export([main/1]).

%% Immediate-operand instructions (MULI, REMI, CMPI), the one-argument fun call
%% (CALL_FUN1) and tail-call arguments placed in place, including cycles.

times3(X) -> X * 3.
neg(X) -> X * -128.
rem7(X) -> X rem 7.
remneg(X) -> X rem -1.
cmps(X) -> {X =:= 0, X =/= 0, X == 0, X /= 0, X < 5, X =< 5, X > -5, X >= 127}.

swap(A, B, 0) -> {A, B};
swap(A, B, N) -> swap(B, A, N - 1).
rot(A, B, C, 0) -> [A, B, C];
rot(A, B, C, N) -> rot(C, A, B, N - 1).
acc([], S, P) -> {S, P};
acc([H | T], S, P) -> acc(T, S + H, P * H).
keep(F, [H | T], Acc) -> keep(F, T, [F(H) | Acc]);
keep(_, [], Acc) -> Acc.
err(F) ->
    try F() of V -> {ok, V} catch error:R -> tag(R) end.
tag({T, _}) -> T;
tag(T) -> T.
nf() -> not_a_fun.
count(_, 0, C) -> C;
count(X, N, C) -> count(X, N - 1, C + X rem 3).

main(_) ->
    io:format("~p~n", [[times3(X) || X <- [0, 1, -7, 1 bsl 59, 1 bsl 62, -(1 bsl 61), 2.5]]]),
    io:format("~p~n", [[neg(X) || X <- [0, 3, 1 bsl 57, 1 bsl 70]]]),
    io:format("~p~n", [[rem7(X) || X <- [0, 13, -13, 1 bsl 64, -(1 bsl 64)]]]),
    io:format("~p~n", [[remneg(X) || X <- [5, -5, -(1 bsl 59)]]]),
    io:format("~p~n", [[cmps(X) || X <- [0, 0.0, 5, 5.0, -5, 127, 200, 1 bsl 70, a, "s", {t}]]]),
    io:format("~p~n", [[err(fun() -> times3(a) end), err(fun() -> rem7(2.0) end),
                        err(fun() -> rem7(foo) end), err(fun() -> neg(1.5) end)]]),
    io:format("~p ~p ~p~n", [swap(a, b, 5), swap(a, b, 6), rot(x, y, z, 4)]),
    io:format("~p~n", [acc([1, 2, 3, 4, 5], 0, 1)]),
    io:format("~p~n", [keep(fun(X) -> X * 3 end, [1, 2, 3], [])]),
    io:format("~p~n", [count(5, 10, 0)]),
    F = fun(X, Y) -> X + Y end,
    io:format("~p~n", [err(fun() -> lists:map(F, [1]) end)]),
    io:format("~p~n", [err(fun() -> lists:map(not_a_fun, [1]) end)]),
    io:format("~p~n", [[err(fun() -> {F(1)} end), err(fun() -> {(nf())(1)} end),
                        err(fun() -> {(fun lists:reverse/1)([1, 2])} end)]]),
    G = fun lists:reverse/1,
    io:format("~p~n", [lists:map(G, [[1, 2], [3]])]),
    N = 10,
    io:format("~p~n", [lists:filter(fun(X) -> X rem 2 =:= 0 end, lists:seq(1, N))]).
