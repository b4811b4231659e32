-module(proc_exit_signals).
-export([main/1]).
main(_) ->
    Self = self(),
    P = spawn(fun() -> receive after infinity -> ok end end),
    exit(P, normal),
    receive after 20 -> ok end,
    io:format("normal ignored: ~p~n", [is_process_alive(P)]),
    Ref = monitor(process, P),
    exit(P, shutdown),
    receive {'DOWN', Ref, process, P, shutdown} -> ok end,
    io:format("shutdown kills: ~p~n", [not is_process_alive(P)]),
    T = spawn(fun() -> process_flag(trap_exit, true), Self ! ready,
                       loop_trap(Self) end),
    receive ready -> ok end,
    exit(T, please),
    receive {trapped, R} -> io:format("trapped ~p~n", [R]) end,
    TRef = monitor(process, T),
    exit(T, kill),
    receive {'DOWN', TRef, process, T, killed} -> ok end,
    io:format("kill not trappable: ~p~n", [not is_process_alive(T)]),
    process_flag(trap_exit, true),
    Q = spawn_link(fun() -> receive after infinity -> ok end end),
    exit(Q, kill),
    receive {'EXIT', Q, KR} -> io:format("linked sees ~p~n", [KR]) end,
    ok.
loop_trap(Parent) ->
    receive {'EXIT', _, R} -> Parent ! {trapped, R}, loop_trap(Parent) end.
