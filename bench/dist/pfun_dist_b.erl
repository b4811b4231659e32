%% Node B of pfun's two-node benchmarks (bench/dist.sh): prints its node name, then
%% serves `bench_sink` (counts messages, tells the sender) and `bench_echo` (echoes
%% round trips) until killed.
-module(pfun_dist_b).
-export([main/1]).

main(_) ->
    register(bench_echo, spawn(fun echo/0)),
    register(bench_sink, self()),
    io:format("~s~n", [atom_to_list(node())]),
    sink().

echo() ->
    receive
        {From, Msg} -> From ! {echo, Msg}, echo()
    end.

sink() ->
    receive
        {start, From, M} -> count(From, M, 0)
    end.

count(From, M, M) -> From ! {counted, M}, sink();
count(From, M, C) -> receive {msg, _} -> count(From, M, C + 1) end.
