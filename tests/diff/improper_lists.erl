-module(improper_lists).
-export([main/1]).

%% Improper lists: printing, matching, and what BIFs do with them.
main(_) ->
    A = [1 | 2],
    B = [1, 2 | 3],
    C = [a, b | {c}],
    D = [$a, $b | $c],
    E = [[] | []],
    io:format("~p ~p ~p ~p ~p~n", [A, B, C, D, E]),
    io:format("~w ~w ~w ~w~n", [A, B, C, D]),
    [_ | Tail] = B,
    io:format("~p~n", [Tail]),
    io:format("~p~n", [is_list(A)]),
    io:format("~p~n", [try length(A) catch error:R -> R end]),
    io:format("~p~n", [try lists:reverse(B) catch error:R2 -> R2 end]),
    io:format("~p~n", [[x | [y | [z | []]]]]),
    io:format("~p~n", [["abc" | "def"]]),
    io:format("~p~n", [["abc" | de]]),
    io:format("~p~n", [[1 | <<2>>]]),
    io:format("~p~n", [lists:sort([[1 | 2], [1, 2], [1], [1 | 1]])]),
    ok.
