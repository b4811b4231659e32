-module(loop).
-export([main/1]).

%% A tail-recursive numeric loop of 10 million steps.
loop(0, Acc) -> Acc;
loop(N, Acc) -> loop(N - 1, Acc + N rem 7).

main(_) ->
    T0 = erlang:monotonic_time(microsecond),
    R = loop(10000000, 0),
    T1 = erlang:monotonic_time(microsecond),
    io:format("result=~p~n", [R]),
    io:format("time_us=~p~n", [T1 - T0]).
