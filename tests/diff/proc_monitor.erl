-module(proc_monitor).
-export([main/1]).
main(_) ->
    {P, Ref} = spawn_monitor(fun() -> receive go -> exit(finished) end end),
    P ! go,
    receive {'DOWN', Ref, process, P, R} -> io:format("down: ~p~n", [R]) end,
    Ref2 = monitor(process, P),
    receive {'DOWN', Ref2, process, P, R2} -> io:format("dead pid: ~p~n", [R2]) end,
    Q = spawn(fun() -> receive _ -> ok end end),
    Ref3 = monitor(process, Q),
    true = demonitor(Ref3),
    Q ! bye,
    receive {'DOWN', Ref3, _, _, _} -> io:format("unexpected~n") after 50 -> io:format("demonitored~n") end,
    S = spawn(fun() -> ok end),
    Ref4 = monitor(process, S),
    receive after 30 -> ok end,
    io:format("flush: ~p~n", [demonitor(Ref4, [flush])]),
    receive {'DOWN', Ref4, _, _, _} -> io:format("unexpected~n") after 0 -> io:format("flushed~n") end,
    {_, Ref5} = spawn_monitor(fun() -> 1 / zero() end),
    receive {'DOWN', Ref5, process, _, {badarith, _}} -> io:format("badarith~n") end,
    Refs = [element(2, spawn_monitor(fun() -> ok end)) || _ <- lists:seq(1, 20)],
    Downs = [receive {'DOWN', R9, process, _, normal} -> ok end || R9 <- Refs],
    io:format("~p downs~n", [length(Downs)]).
zero() -> 0.
