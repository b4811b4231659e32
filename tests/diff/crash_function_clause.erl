-module(crash_function_clause).
-export([main/1]).

only_ints(N) when is_integer(N) -> N.

%% function_clause escaping main.
main(_) ->
    io:format("~p~n", [only_ints(1)]),
    io:format("~p~n", [only_ints(id(one))]).

id(X) -> X.
