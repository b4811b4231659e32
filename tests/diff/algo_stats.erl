-module(algo_stats).
-export([main/1]).

mean(L) -> lists:sum(L) / length(L).

variance(L) ->
    M = mean(L),
    lists:sum([(X - M) * (X - M) || X <- L]) / length(L).

median(L) ->
    S = lists:sort(L),
    N = length(S),
    case N rem 2 of
        1 -> lists:nth(N div 2 + 1, S);
        0 -> (lists:nth(N div 2, S) + lists:nth(N div 2 + 1, S)) / 2
    end.

%% Floating-point statistics and their printing.
main(_) ->
    Data = [2, 4, 4, 4, 5, 5, 7, 9],
    io:format("~p ~p ~p~n", [mean(Data), variance(Data), math:sqrt(variance(Data))]),
    io:format("~p~n", [median(Data)]),
    io:format("~p~n", [median([3, 1, 2])]),
    F = [X / 7 || X <- lists:seq(1, 10)],
    io:format("~p~n", [F]),
    io:format("~p~n", [lists:sum(F)]),
    io:format("~.3f ~.3f~n", [mean(F), variance(F)]),
    io:format("~p~n", [[X * 0.1 || X <- lists:seq(1, 10)]]),
    io:format("~p~n", [lists:foldl(fun(X, A) -> A + X end, 0.0, lists:duplicate(10, 0.1))]),
    ok.
