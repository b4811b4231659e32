-module(proc_links).
-export([main/1]).
main(_) ->
    process_flag(trap_exit, true),
    P1 = spawn_link(fun() -> ok end),
    receive {'EXIT', P1, R1} -> io:format("1: ~p~n", [R1]) end,
    P2 = spawn_link(fun() -> exit(custom) end),
    receive {'EXIT', P2, R2} -> io:format("2: ~p~n", [R2]) end,
    P3 = spawn_link(fun() -> erlang:error(oops) end),
    receive {'EXIT', P3, {R3, _}} -> io:format("3: ~p~n", [R3]) end,
    P4 = spawn_link(fun() -> throw(ball) end),
    receive {'EXIT', P4, {R4, _}} -> io:format("4: ~p~n", [R4]) end,
    P5 = spawn(fun() -> receive _ -> ok end end),
    link(P5),
    exit(P5, kill),
    receive {'EXIT', P5, R5} -> io:format("5: ~p~n", [R5]) end,
    P6 = spawn(fun() -> receive stop -> ok end end),
    link(P6), unlink(P6), P6 ! stop,
    receive {'EXIT', P6, _} -> io:format("6: unexpected~n") after 50 -> io:format("6: unlinked~n") end,
    ok.
