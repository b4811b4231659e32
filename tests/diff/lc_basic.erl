-module(lc_basic).
-export([main/1]).

%% List comprehensions: generators, filters, pattern generators, nesting.
main(_) ->
    io:format("~p~n", [[X * 2 || X <- [1, 2, 3]]]),
    io:format("~p~n", [[X || X <- lists:seq(1, 20), X rem 3 =:= 0, X > 5]]),
    io:format("~p~n", [[{X, Y} || X <- [1, 2, 3], Y <- [a, b]]]),
    io:format("~p~n", [[{X, Y} || X <- [1, 2, 3], Y <- lists:seq(X, 3)]]),
    io:format("~p~n", [[V || {ok, V} <- [{ok, 1}, error, {ok, 2}, {error, x}, {ok, 3}]]]),
    io:format("~p~n", [[X || [X | _] <- [[1, 2], [], [3], "abc"]]]),
    io:format("~p~n", [[[Y * X || Y <- [1, 2, 3]] || X <- [1, 10]]]),
    io:format("~p~n", [[X || X <- [], X > 1]]),
    io:format("~p~n", [[ok || _ <- [1, 2, 3]]]),
    io:format("~p~n", [[X || X <- [1, a, 2.0, "s", b], is_atom(X)]]),
    Pyth = [{A, B, C} || C <- lists:seq(1, 30), B <- lists:seq(1, C), A <- lists:seq(1, B),
                         A * A + B * B =:= C * C],
    io:format("~p~n", [Pyth]),
    io:format("~p~n", [[K || {K, V} <- lists:sort(maps:to_list(#{a => 1, b => 2, c => 3})), V > 1]]),
    Y = 2,
    io:format("~p~n", [[X || {X, Y1} <- [{a, 1}, {b, 2}, {c, 2}], Y1 =:= Y]]),
    io:format("~p~n", [[X || {X, Y} <- [{a, 1}, {b, 2}, {c, 2}]]]),
    io:format("~p~n", [[{I, J} || I <- [1, 2], true, J <- [I], J > 1]]),
    Qs = fun Qs([]) -> []; Qs([P | T]) -> Qs([X || X <- T, X < P]) ++ [P] ++ Qs([X || X <- T, X >= P]) end,
    io:format("~p~n", [Qs([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5])]),
    ok.
