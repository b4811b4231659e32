-module(proc_ping_pong).
-export([main/1]).
main(_) ->
    Pong = spawn(fun pong/0),
    ping(5, Pong),
    Pong ! stop,
    io:format("done~n").
ping(0, _) -> ok;
ping(N, Pong) ->
    Pong ! {ping, self(), N},
    receive {pong, N} -> io:format("pong ~p~n", [N]) end,
    ping(N - 1, Pong).
pong() ->
    receive
        {ping, From, N} -> From ! {pong, N}, pong();
        stop -> ok
    end.
