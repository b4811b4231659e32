-module(proc_bifs).
-export([main/1]).
main(_) ->
    io:format("~p~n", [is_pid(self())]),
    io:format("~p~n", [is_process_alive(self())]),
    P = spawn(fun() -> receive _ -> ok end end),
    io:format("~p~n", [is_process_alive(P)]),
    io:format("~p~n", [lists:member(P, processes())]),
    Ref = monitor(process, P),
    P ! x, P ! y,
    receive {'DOWN', Ref, process, P, normal} -> ok end,
    io:format("~p~n", [is_process_alive(P)]),
    io:format("~p~n", [process_info(P, status)]),
    process_flag(trap_exit, true),
    io:format("~p~n", [process_flag(trap_exit, false)]),
    self() ! a, self() ! b,
    io:format("~p~n", [process_info(self(), message_queue_len)]),
    io:format("~p~n", [process_info(self(), messages)]),
    io:format("~p~n", [process_info(self(), trap_exit)]),
    io:format("~p~n", [why(catch process_info(self(), bogus))]),
    io:format("~p~n", [node()]).
why({'EXIT', {R, [_ | _]}}) -> {'EXIT', R};
why(X) -> X.
