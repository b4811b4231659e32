-module(proc_self_exit).
-export([main/1]).
main(_) ->
    Ms = [spawn_monitor(F) || F <- [fun() -> exit(self(), normal), never end,
                                     fun() -> exit(self(), kill), never end,
                                     fun() -> exit(self(), other), never end,
                                     fun() -> process_flag(trap_exit, true), exit(self(), other),
                                              receive {'EXIT', _, other} -> exit(trapped_own) end end,
                                     fun() -> exit(normal) end]],
    [receive {'DOWN', Ref, process, _, R} -> io:format("~p~n", [R]) end || {_, Ref} <- Ms].
