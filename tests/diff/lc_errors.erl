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
    ok.

id(X) -> X.
