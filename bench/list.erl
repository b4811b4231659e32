-module(list).
-export([main/1]).

%% Build, map, filter and sum over a 1,000,000-element list.
build(0, Acc) -> Acc;
build(N, Acc) -> build(N - 1, [N | Acc]).

main(_) ->
    T0 = erlang:monotonic_time(microsecond),
    L = build(1000000, []),
    M = lists:map(fun(X) -> X * 3 end, L),
    F = lists:filter(fun(X) -> X rem 2 =:= 0 end, M),
    R = lists:sum(F),
    T1 = erlang:monotonic_time(microsecond),
    io:format("result=~p~n", [R]),
    io:format("time_us=~p~n", [T1 - T0]).
