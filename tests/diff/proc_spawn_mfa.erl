-module(proc_spawn_mfa).
-export([main/1, worker/2]).
main(_) ->
    P = spawn(?MODULE, worker, [self(), 21]),
    receive {P, R} -> io:format("~p~n", [R]) end,
    {Q, Ref} = spawn_monitor(?MODULE, nope, []),
    receive {'DOWN', Ref, process, Q, {undef, [{M, F, A, _} | _]}} -> io:format("undef ~p:~p/~p~n", [M, F, length(A)]) end,
    {Q2, Ref2} = spawn_monitor(no_such_module, f, [1]),
    receive {'DOWN', Ref2, process, Q2, {undef, _}} -> io:format("undef module~n") end,
    io:format("~p~n", [why(catch spawn(?MODULE, worker, not_a_list))]),
    io:format("~p~n", [why(catch spawn(not_a_fun))]),
    process_flag(trap_exit, true),
    L = spawn_link(lists, reverse, [[1,2,3]]),
    receive {'EXIT', L, normal} -> io:format("lists:reverse ran~n") end.
worker(From, X) -> From ! {self(), X * 2}.
why({'EXIT', {R, [_ | _]}}) -> {'EXIT', R};
why(X) -> X.
