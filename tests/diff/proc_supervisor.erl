-module(proc_supervisor).
-export([main/1]).
main(_) ->
    Self = self(),
    Sup = spawn(fun() -> process_flag(trap_exit, true), supervise(Self, 0) end),
    receive {started, W1} -> W1 ! crash end,
    receive {started, W2} -> W2 ! crash end,
    receive {started, W3} -> W3 ! quit end,
    receive {sup_done, N} -> io:format("restarts: ~p~n", [N]) end,
    Sup ! stop.
supervise(Parent, Restarts) ->
    W = spawn_link(fun() -> worker(Parent) end),
    receive
        {'EXIT', W, normal} -> Parent ! {sup_done, Restarts}, receive stop -> ok end;
        {'EXIT', W, Reason} ->
            io:format("worker died: ~p~n", [element(1, Reason)]),
            supervise(Parent, Restarts + 1)
    end.
worker(Parent) ->
    Parent ! {started, self()},
    receive
        crash -> erlang:error(crashed);
        quit -> ok
    end.
