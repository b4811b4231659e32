%% Node B of bench/steady.sh: prints its node name and waits to be killed; the work
%% is spawned on it from node A.
-module(steady_b).
-export([main/1]).

main(_) ->
    io:format("~s~n", [atom_to_list(node())]),
    receive stop -> ok end.
