-module(fib).
-export([main/1]).

%% Naive doubly recursive fib(30): calls and small-integer arithmetic.
fib(0) -> 0;
fib(1) -> 1;
fib(N) -> fib(N - 1) + fib(N - 2).

main(_) ->
    T0 = erlang:monotonic_time(microsecond),
    R = fib(30),
    T1 = erlang:monotonic_time(microsecond),
    io:format("result=~p~n", [R]),
    io:format("time_us=~p~n", [T1 - T0]).
