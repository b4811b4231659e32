-module(proc_dead_send).
-export([main/1]).
main(_) ->
    P = spawn(fun() -> ok end),
    Ref = monitor(process, P),
    receive {'DOWN', Ref, _, _, _} -> ok end,
    R = (P ! hello),
    io:format("send to dead returns ~p~n", [R]),
    process_flag(trap_exit, true),
    link(P),
    receive {'EXIT', P, Why} -> io:format("link to dead: ~p~n", [Why]) end,
    process_flag(trap_exit, false),
    io:format("~p~n", [why(catch link(P))]),
    ok.
why({'EXIT', {R, [_ | _]}}) -> {'EXIT', R};
why(X) -> X.
