-module(if_expr).
-export([main/1]).

sign(X) ->
    if X > 0 -> positive;
       X < 0 -> negative;
       true -> zero
    end.

grade(S) ->
    if S >= 90 -> a;
       S >= 80, S < 90 -> b;
       S >= 70; S =:= special -> c;
       true -> f
    end.

%% if expressions, guard sequences in if, if_clause errors.
main(_) ->
    io:format("~p~n", [[sign(X) || X <- [3, -2, 0, 0.0]]]),
    io:format("~p~n", [[grade(S) || S <- [95, 85, 75, 10]]]),
    X = id(5),
    R = if X > 3 -> Y = big, Y; true -> Y = small, Y end,
    io:format("~p ~p~n", [R, Y]),
    io:format("~p~n", [try if X > 100 -> huge end catch error:E -> E end]),
    io:format("~p~n", [if is_atom(X) -> atom; is_integer(X) -> int end]),
    ok.

id(X) -> X.
