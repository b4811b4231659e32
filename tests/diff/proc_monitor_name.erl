-module(proc_monitor_name).
-export([main/1]).
main(_) ->
    P = spawn(fun() -> receive stop -> ok end end),
    register(watched, P),
    Ref = monitor(process, P),
    watched ! stop,
    receive {'DOWN', Ref, process, Obj, normal} -> io:format("down normal ~p~n", [Obj =:= P]) end,
    Ref2 = monitor(process, nobody_here),
    receive {'DOWN', Ref2, process, Obj2, R2} -> io:format("~p ~p~n", [Obj2, R2]) end,
    Q = spawn(fun() -> receive stop -> exit(bye) end end),
    register(second, Q),
    Ref3 = monitor(process, {second, node()}),
    Q ! stop,
    receive {'DOWN', Ref3, process, Obj3, R3} -> io:format("~p ~p~n", [Obj3, R3]) end,
    io:format("~p~n", [whereis(watched)]),
    io:format("~p~n", [why(catch watched ! again)]).
why({'EXIT', {R, [_ | _]}}) -> {'EXIT', R};
why(X) -> X.
