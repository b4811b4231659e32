-module(proc_trap_chain).
-export([main/1]).
main(_) ->
    Self = self(),
    Mid = spawn(fun() ->
                    process_flag(trap_exit, true),
                    W = spawn_link(fun() -> receive go -> exit(worker_failed) end end),
                    Self ! {worker, W},
                    receive {'EXIT', W, R} -> Self ! {mid_saw, R} end,
                    receive done -> ok end
                end),
    receive {worker, W} -> W ! go end,
    receive {mid_saw, R} -> io:format("mid saw ~p~n", [R]) end,
    Ref = monitor(process, Mid),
    Mid ! done,
    receive {'DOWN', Ref, process, Mid, MR} -> io:format("mid ended ~p~n", [MR]) end.
