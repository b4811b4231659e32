-module(proc_trap_normal).
-export([main/1]).
main(_) ->
    Self = self(),
    P = spawn(fun() ->
                  link(Self),
                  Self ! linked,
                  receive after 20 -> ok end
              end),
    receive linked -> ok end,
    Ref = monitor(process, P),
    receive {'DOWN', Ref, process, P, normal} -> ok end,
    io:format("survived normal exit of linked process: ~p~n", [not is_process_alive(P)]),
    Q = spawn(fun() -> process_flag(trap_exit, true), Self ! ready,
                       receive {'EXIT', From, normal} -> Self ! {trapped, From =:= Self} end end),
    receive ready -> ok end,
    exit(Q, normal),
    receive {trapped, B} -> io:format("trapped normal from me: ~p~n", [B]) end.
