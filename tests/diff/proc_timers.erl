-module(proc_timers).
-export([main/1]).
main(_) ->
    erlang:send_after(30, self(), second),
    erlang:send_after(10, self(), first),
    R1 = receive M1 -> M1 end,
    R2 = receive M2 -> M2 end,
    io:format("~p ~p~n", [R1, R2]),
    Ref = erlang:start_timer(10, self(), tick),
    receive {timeout, Ref, tick} -> io:format("start_timer ok~n") end,
    T = erlang:send_after(1000, self(), never),
    Left = erlang:cancel_timer(T),
    io:format("cancelled with time left: ~p~n", [is_integer(Left) andalso Left > 0]),
    io:format("cancel again: ~p~n", [erlang:cancel_timer(T)]),
    receive never -> io:format("unexpected~n") after 50 -> io:format("no message~n") end,
    register(named, self()),
    erlang:send_after(5, named, by_name),
    receive by_name -> io:format("by name~n") end,
    ok = timer:sleep(15),
    io:format("slept~n").
