-module(pingpong).
-export([main/1]).

%% Local ping-pong: 200,000 round trips between two processes.
main(_) ->
    N = 200000,
    Self = self(),
    Pong = spawn(fun() -> pong() end),
    T0 = erlang:monotonic_time(microsecond),
    ping(N, Pong, Self),
    T1 = erlang:monotonic_time(microsecond),
    Pong ! stop,
    io:format("result=~p~n", [N]),
    io:format("time_us=~p~n", [T1 - T0]).

ping(0, _, _) -> ok;
ping(K, Pong, Self) ->
    Pong ! {ping, Self},
    receive pong -> ping(K - 1, Pong, Self) end.

pong() ->
    receive
        {ping, From} -> From ! pong, pong();
        stop -> ok
    end.
