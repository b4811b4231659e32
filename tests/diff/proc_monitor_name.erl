-module(proc_monitor_name).
-export([main/1]).
main(_) ->
    P = spawn(fun() -> receive stop -> ok end end),
    register(watched, P),
    Ref = monitor(process, P),
    watched ! stop,
    receive {'DOWN', Ref, process, P, normal} -> io:format("down normal~n") end,
    io:format("~p~n", [whereis(watched)]),
    io:format("~p~n", [why(catch watched ! again)]).
why({'EXIT', {R, [_ | _]}}) -> {'EXIT', R};
why(X) -> X.
