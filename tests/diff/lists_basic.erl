-module(lists_basic).
-export([main/1]).

%% List operators and BIFs: ++ -- hd tl length, cons, nesting.
main(_) ->
    L = [1, 2, 3],
    io:format("~p~n", [[0 | L]]),
    io:format("~p~n", [L ++ [4, 5] ++ []]),
    io:format("~p~n", [[1, 2, 3, 2, 1] -- [2, 1]]),
    io:format("~p~n", [[a, b, c] -- [d]]),
    io:format("~p~n", [{hd(L), tl(L), length(L)}]),
    io:format("~p~n", [[[], [[]], [[], []]]]),
    io:format("~p~n", [length([])]),
    io:format("~p~n", [try hd([]) catch error:R -> R end]),
    io:format("~p~n", [try length([a | b]) catch error:R2 -> R2 end]),
    [H | T] = "hello",
    io:format("~p ~p~n", [H, T]),
    [X, Y | Rest] = lists:seq(10, 15),
    io:format("~p ~p ~p~n", [X, Y, Rest]),
    io:format("~p~n", [[1, 2] ++ 3]),
    io:format("~p~n", [lists:seq(1, 30)]),
    io:format("~w~n", [lists:seq(1, 30)]),
    io:format("~p~n", [[[1, 2], [3, [4, [5]]]]]),
    io:format("~p~n", [erlang:'++'([a], [b])]),
    ok.
