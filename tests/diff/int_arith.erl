-module(int_arith).
-export([main/1]).

%% Small-integer arithmetic, negative numbers and the signs of div and rem.
main(_Args) ->
    Pairs = [{7, 2}, {-7, 2}, {7, -2}, {-7, -2}, {0, 5}, {5, 7}, {-5, 7}, {100, 10}],
    lists:foreach(
      fun({A, B}) ->
              io:format("~w ~w: + ~w - ~w * ~w div ~w rem ~w~n",
                        [A, B, A + B, A - B, A * B, A div B, A rem B])
      end, Pairs),
    io:format("~w ~w ~w~n", [-(-3), +4, -0]),
    io:format("~w~n", [2 - 3 * 4 + 10 div 3 - 7 rem 4]),
    io:format("~w~n", [((1 + 2) * (3 - 4)) div 2]),
    io:format("~w ~w~n", [abs(-17), abs(17)]),
    io:format("~w~n", [lists:sum(lists:seq(1, 100))]),
    X = 576460752303423487,
    io:format("~w ~w ~w~n", [X, X + 1, -X - 2]),
    io:format("~w~n", [X * 2]),
    io:format("~w ~w~n", [max(3, 9), min(-3, -9)]),
    ok.
