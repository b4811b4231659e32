-module(operators).
-export([main/1]).

%% Operator precedence and associativity.
main(_) ->
    io:format("~p~n", [-2 * 3 + 4 rem 3]),
    io:format("~p~n", [2 + 3 bsl 1]),
    io:format("~p~n", [1 bor 2 band 3]),
    io:format("~p~n", [10 - 2 - 3]),
    io:format("~p~n", [100 div 10 div 5]),
    io:format("~p~n", [2 * 3 div 4]),
    io:format("~p~n", [[1, 2, 3] -- [1] -- [1]]),
    io:format("~p~n", [[1] ++ [2] ++ [3]]),
    io:format("~p~n", [[1, 2] ++ [3] -- [3]]),
    io:format("~p~n", [not true orelse true]),
    io:format("~p~n", [true andalso false orelse true]),
    io:format("~p~n", [1 + 1 == 2 andalso 3 > 2]),
    io:format("~p~n", [- - 1]),
    io:format("~p~n", [-(-(-1))]),
    io:format("~p~n", [bnot bnot 5]),
    io:format("~p~n", [bnot 5 band 3]),
    io:format("~p~n", [1 bsl 2 bsl 3]),
    io:format("~p~n", [2 - 1 bsl 2]),
    io:format("~p~n", [3 * -2]),
    io:format("~p~n", [#{a => 1}#{b => 2}]),
    io:format("~p~n", [(fun() -> ok end)()]),
    io:format("~p~n", [[X || X <- [1, 2, 3], X > 1 andalso X < 3 orelse X =:= 1]]),
    io:format("~p~n", [1 =:= 1.0 orelse 1 == 1.0]),
    io:format("~p~n", [+(2)]),
    io:format("~p~n", [true xor false xor true]),
    io:format("~p~n", [5 rem -3 * 2]),
    ok.
