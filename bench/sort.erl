-module(sort).
-export([main/1]).

%% lists:sort/1 of 200,000 integers from a linear congruential generator
%% (the same one as sort.lua). Only the sort is timed.
gen(0, _, Acc) -> Acc;
gen(N, S, Acc) ->
    S1 = (S * 1103515245 + 12345) rem 2147483648,
    gen(N - 1, S1, [S1 | Acc]).

main(_) ->
    L = gen(200000, 42, []),
    T0 = erlang:monotonic_time(microsecond),
    S = lists:sort(L),
    T1 = erlang:monotonic_time(microsecond),
    io:format("result=~p,~p,~p~n", [hd(S), lists:nth(100000, S), lists:last(S)]),
    io:format("time_us=~p~n", [T1 - T0]).
