-module(proc_link_chain).
-export([main/1]).
main(_) ->
    process_flag(trap_exit, true),
    Self = self(),
    Top = spawn_link(fun() -> chain(5, Self) end),
    receive {bottom, B} -> B ! die end,
    receive {'EXIT', Top, Why} -> io:format("top exited: ~p~n", [Why]) end.
chain(0, Report) ->
    Report ! {bottom, self()},
    receive die -> exit(crashed) end;
chain(N, Report) ->
    spawn_link(fun() -> chain(N - 1, Report) end),
    receive after infinity -> ok end.
