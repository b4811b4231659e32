%% The node `pfun status` and `pfun result` are tried against (status_result.sh):
%% prints its node name, then the pids of three processes, then serves until killed.
-module(status_job).
-export([main/1]).

main(_) ->
    Done = spawn(fun() -> timer:sleep(300), {done, "text", [1, 2, 3], #{k => 1.5}} end),
    Crash = spawn(fun() -> exit(boom) end),
    Forever = spawn(fun() -> receive stop -> ok end end),
    io:format("node ~s~n", [atom_to_list(node())]),
    io:format("done ~p~ncrash ~p~nforever ~p~n", [Done, Crash, Forever]),
    receive stop -> ok end.
