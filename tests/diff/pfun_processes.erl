%% Portable funs between processes: sent in messages (inside other terms), called by
%% the receiver, spawned with spawn/1,2, spawn_link and spawn_monitor, and kept
%% portable through every copy.
-module(pfun_processes).
-export([main/1]).

main(_) ->
    Base = 100,
    Job = pfun(X) -> pfun_cpx:fac(X) + Base end,
    Worker = spawn(fun worker/0),
    Worker ! {self(), #{job => Job, args => [5]}},
    receive {result, R, Portable} -> io:format("worker: ~p ~p~n", [R, Portable]) end,
    %% The worker sends a pfun back; it still knows its code.
    Worker ! {self(), make},
    receive {made, F} ->
        io:format("made: ~p ~p ~p~n",
                  [F(3), erlang:is_function_portable(F), erlang:fun_info(F, calls)])
    end,
    {Pid, Ref} = spawn_monitor(pfun() -> exit({done, Job(4)}) end),
    receive {'DOWN', Ref, process, Pid, Why} -> io:format("monitor: ~p~n", [Why]) end,
    process_flag(trap_exit, true),
    Linked = spawn_link(pfun() -> exit(pfun_cpx:fib(15)) end),
    receive {'EXIT', Linked, Code} -> io:format("link: ~p~n", [Code]) end,
    Many = [spawn(node(), pfun() -> pfun_cpx:fac(N) end) || N <- lists:seq(1, 8)],
    io:format("many: ~p~n", [[V || {ok, V} <- [get_result(P) || P <- Many]]]),
    Crash = spawn(pfun() -> pfun_bsc:mult(a, 2) end),
    {error, {error, Reason}} = get_result(Crash),
    io:format("crash: ~p~n", [Reason]),
    Worker ! stop,
    ok.

worker() ->
    receive
        {From, #{job := J, args := A}} ->
            From ! {result, apply(J, A), erlang:is_function_portable(J)},
            worker();
        {From, make} ->
            K = 7,
            From ! {made, pfun(Y) -> pfun_bsc:mult(Y, K) end},
            worker();
        stop ->
            ok
    end.
