-module(float_arith).
-export([main/1]).

%% Float arithmetic, mixing with integers, rounding functions.
main(_) ->
    io:format("~p~n", [[1 + 0.5, 2 * 1.5, 7 / 2, 6 / 3, 1 - 0.25, -3 / 4]]),
    io:format("~p~n", [[round(2.5), round(-2.5), round(3.49), round(-0.5), round(1.0e20)]]),
    io:format("~p~n", [[trunc(2.9), trunc(-2.9), trunc(1.0e25), trunc(-0.1)]]),
    io:format("~p~n", [[floor(2.5), floor(-2.5), ceil(2.1), ceil(-2.1), floor(7), ceil(-7)]]),
    io:format("~p~n", [[float(3), float(-7), float(1 bsl 80)]]),
    io:format("~p~n", [[abs(-2.5), -(2.5), 0.1 * 3]]),
    io:format("~p~n", [catch_reason(fun() -> id(1.0e308) * 10 end)]),
    io:format("~p~n", [catch_reason(fun() -> 1 / id(0) end)]),
    io:format("~p~n", [catch_reason(fun() -> 1.0 / id(0.0) end)]),
    io:format("~p~n", [[2.0 * 3, 2 * 3, 2.0 == 2, 4 / 2 =:= 2.0, 1.0e-320 * 1.0e10]]),
    ok.

catch_reason(F) ->
    try F() of V -> {value, V} catch C:R -> {C, R} end.
id(X) -> X.
