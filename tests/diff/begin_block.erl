-module(begin_block).
-export([main/1]).

%% begin/end blocks, sequences, and variable scoping across blocks.
main(_) ->
    X = begin
            A = 1,
            B = 2,
            A + B
        end,
    io:format("~p ~p ~p~n", [X, A, B]),
    Y = begin io:format("side effect~n"), 42 end,
    io:format("~p~n", [Y]),
    Z = [begin V = N * 2, V + 1 end || N <- [1, 2, 3]],
    io:format("~p~n", [Z]),
    W = begin begin begin inner end end end,
    io:format("~p~n", [W]),
    ok.
