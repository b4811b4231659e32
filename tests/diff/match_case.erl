-module(match_case).
-export([main/1]).

describe(X) ->
    case X of
        {ok, V} when is_integer(V), V > 100 -> {big_ok, V};
        {ok, V} -> {ok, V};
        {error, Reason} -> {failed, Reason};
        [_ | _] = L -> {list_of, length(L)};
        #{type := T} -> {typed, T};
        _ when is_atom(X) -> atom;
        _ -> unknown
    end.

%% case expressions, match expressions, aliases, case_clause errors.
main(_) ->
    io:format("~p~n", [[describe(X) || X <- [{ok, 5}, {ok, 500}, {error, nope}, [1, 2], #{type => t}, hi, 3]]]),
    {A, B} = {1, 2},
    [C, D] = [A + B, A - B],
    io:format("~p~n", [{A, B, C, D}]),
    X = Y = {pair, 1},
    io:format("~p ~p~n", [X, Y]),
    {pair, Z} = X,
    io:format("~p~n", [Z]),
    R = case id(3) of 1 -> one; 3 -> three end,
    io:format("~p~n", [R]),
    io:format("~p~n", [try case id(9) of 1 -> one end catch error:E -> E end]),
    io:format("~p~n", [try {_, _} = id({1, 2, 3}) catch error:E2 -> E2 end]),
    V = case id(true) of true -> Bound = 10, Bound * 2; false -> Bound = 0, Bound end,
    io:format("~p ~p~n", [V, Bound]),
    Nested = case id({a, {b, [c, d]}}) of
                 {a, {b, [_, Last]}} -> Last
             end,
    io:format("~p~n", [Nested]),
    ok.

id(X) -> X.
