-module(lc_errors).
-export([main/1]).

%% Errors raised inside list comprehensions, and non-list generators.
main(_) ->
    io:format("~p~n", [try [1 / X || X <- [1, 0]] catch error:R -> R end]),
    io:format("~p~n", [try [X || X <- id(not_a_list)] catch error:R2 -> R2 end]),
    io:format("~p~n", [try [X || X <- [1, 2 | id(tail)]] catch error:R3 -> R3 end]),
    io:format("~p~n", [[X || X <- [1, 2, 3], id(X) > 1]]),
    io:format("~p~n", [try [X || X <- [1, 2], id(not_bool)] catch error:R4 -> R4 end]),
    io:format("~p~n", [catch [throw(X) || X <- [first, second]]]),
    %% A filter made of guard expressions is a guard: non-true or a crash skips.
    io:format("~p~n", [[X || X <- [1, true, 2], X]]),
    io:format("~p~n", [[X || X <- [1, {a}, 2], element(1, X) =:= a]]),
    io:format("~p~n", [[X || X <- [1, a, 2], X + 1 > 2]]),
    io:format("~p~n", [[X || X <- [1, 2], (X > 1) orelse foo]]),
    io:format("~p~n", [reason(fun() -> [X || X <- [1, 2], X =:= 1, id(x)] end)]),
    io:format("~p~n", [reason(fun() -> [1 || id(z)] end)]),
    io:format("~p~n", [[1 || id(true)]]),
    io:format("~p~n", [reason(fun() -> [X || {X} <- [{1}, 2 | id(t)]] end)]),
    io:format("~p~n", [reason(fun() -> [{X, Y} || X <- [1], Y <- id(bad)] end)]),
    io:format("~p~n", [reason(fun() -> << <<X>> || <<X>> <= id(notbin) >> end)]),
    io:format("~p~n", [reason(fun() -> [X || <<X>> <= id(notbin)] end)]),
    io:format("~p~n", [reason(fun() -> << <<X>> || X <- id(notlist) >> end)]),
    io:format("~p~n", [[X || <<X:3>> <= <<255>>]]),
    ok.

reason(F) ->
    try F() catch error:R -> R end.

id(X) -> X.
