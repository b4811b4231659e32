-module(algo_roman).
-export([main/1]).

to_roman(0) -> [];
to_roman(N) ->
    {V, S} = hd([P || {V0, _} = P <- table(), V0 =< N]),
    S ++ to_roman(N - V).

table() ->
    [{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"},
     {50, "L"}, {40, "XL"}, {10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"}].

from_roman(S) -> from_roman(S, 0).
from_roman([], Acc) -> Acc;
from_roman(S, Acc) ->
    {V, R} = hd([{V0, R0} || {V0, R0Str} <- table(),
                             lists:prefix(R0Str, S),
                             R0 <- [lists:nthtail(length(R0Str), S)]]),
    from_roman(R, Acc + V).

%% Roman numerals both ways.
main(_) ->
    Ns = [1, 4, 9, 14, 40, 90, 400, 1994, 2024, 3999],
    lists:foreach(fun(N) -> R = to_roman(N), io:format("~p ~s ~p~n", [N, R, from_roman(R)]) end, Ns),
    io:format("~p~n", [lists:all(fun(N) -> from_roman(to_roman(N)) =:= N end, lists:seq(1, 2000))]),
    ok.
