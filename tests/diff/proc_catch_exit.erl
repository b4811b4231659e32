-module(proc_catch_exit).
-export([main/1]).
main(_) ->
    Self = self(),
    spawn(fun() ->
              R = try exit(inner) catch exit:X -> {caught, X} end,
              R2 = (catch erlang:error(e)),
              Self ! {R, element(1, element(2, R2))}
          end),
    receive Msg -> io:format("~p~n", [Msg]) end,
    process_flag(trap_exit, true),
    P = spawn_link(fun() -> try exit(deep) after Self ! after_ran end end),
    receive after_ran -> io:format("after ran~n") end,
    receive {'EXIT', P, deep} -> io:format("exit deep~n") end.
