-module(timer_tc).
-export([main/1]).

slow(0) -> done;
slow(N) -> slow(N - 1).

%% timer:tc returns {Microseconds, Value}; only the shape is printed.
main(_) ->
    {T, V} = timer:tc(fun() -> slow(100000) end),
    io:format("~p ~p ~p~n", [is_integer(T), T >= 0, V]),
    {T2, V2} = timer:tc(lists, seq, [1, 5]),
    io:format("~p ~p~n", [is_integer(T2), V2]),
    {T3, V3} = timer:tc(fun(X) -> X * 2 end, [21]),
    io:format("~p ~p~n", [is_integer(T3), V3]),
    ok = timer:sleep(1),
    M1 = erlang:monotonic_time(),
    M2 = erlang:monotonic_time(),
    io:format("~p~n", [M2 >= M1]),
    io:format("~p~n", [is_integer(erlang:system_time(millisecond))]),
    io:format("~p~n", [is_integer(os:system_time())]),
    ok.
