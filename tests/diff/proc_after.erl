-module(proc_after).
-export([main/1]).
main(_) ->
    T = receive x -> got after 30 -> timeout end,
    io:format("~p~n", [T]),
    T0 = receive x -> got after 0 -> zero end,
    io:format("~p~n", [T0]),
    self() ! x,
    T1 = receive x -> got after 1000 -> timeout end,
    io:format("~p~n", [T1]),
    {P, Ref} = spawn_monitor(fun() -> receive after 20 -> ok end, exit(done) end),
    receive {'DOWN', Ref, process, P, R} -> io:format("down ~p~n", [R]) end,
    Self = self(),
    spawn(fun() -> receive after 10 -> Self ! late end end),
    io:format("~p~n", [receive late -> late after 2000 -> never end]),
    io:format("~p~n", [why(catch (receive after bad -> ok end))]),
    ok.
why({'EXIT', {R, [_ | _]}}) -> {'EXIT', R};
why(X) -> X.
