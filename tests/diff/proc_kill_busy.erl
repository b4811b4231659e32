-module(proc_kill_busy).
-export([main/1]).
main(_) ->
    Busy = spawn(fun() -> spin(0) end),
    Self = self(),
    spawn(fun() -> Self ! {replier, lists:sum(lists:seq(1, 1000))} end),
    receive {replier, S} -> io:format("reply while busy: ~p~n", [S]) end,
    exit(Busy, kill),
    Ref = monitor(process, Busy),
    receive {'DOWN', Ref, process, Busy, R} -> io:format("busy loop: ~p~n", [R]) end.
spin(N) -> spin(N + 1).
