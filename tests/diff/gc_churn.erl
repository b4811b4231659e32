-module(gc_churn).
-export([main/1]).

churn(0, Acc) -> Acc;
churn(N, Acc) ->
    L = lists:seq(1, 1000),
    T = list_to_tuple(L),
    B = list_to_binary([X rem 256 || X <- lists:sublist(L, 100)]),
    churn(N - 1, (Acc + element(N rem 1000 + 1, T) + byte_size(B)) rem 1000003).

%% Lots of short-lived garbage (lists, tuples, binaries, floats, bignums) around a
%% small live set: exercises the collector.
main(_) ->
    io:format("~p~n", [churn(3000, 0)]),
    Floats = lists:foldl(fun(I, A) -> A + I / 3 end, 0.0, lists:seq(1, 200000)),
    io:format("~p~n", [Floats]),
    Big = lists:foldl(fun(I, A) -> (A * 31 + I) rem (1 bsl 200) end, 1, lists:seq(1, 100000)),
    io:format("~p~n", [Big]),
    Live = [{I, integer_to_list(I)} || I <- lists:seq(1, 50000)],
    _ = churn(500, 0),
    io:format("~p~n", [lists:last(Live)]),
    ok.
