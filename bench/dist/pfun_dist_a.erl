%% Node A of pfun's two-node benchmarks (bench/dist.sh), the counterpart of
%% dist_bench.erl on erl: message round trips and throughput to node B, and remote
%% spawn + get_result round trips, and first of all a cold spawn of chain50:f1/1
%% (50 functions B does not have) under an eager or a lazy policy.
-module(pfun_dist_a).
-export([main/1]).

main([BStr, Mode]) ->
    B = list_to_atom(BStr),
    true = net:connect(B),
    %% A cold spawn first, while B has none of chain50's code: eager or lazy as asked.
    ok = net:set_policy("bench/dist/policy_" ++ Mode ++ ".toml"),
    report("cold_" ++ Mode ++ "_us", cold(B)),
    Stats = net:ship_stats(),
    report("cold_objects", proplists:get_value(objects_shipped, Stats)),
    report("cold_bytes", proplists:get_value(bytes_shipped, Stats)),
    report("cold_fetches", proplists:get_value(fetches_served, Stats)),
    N = 5000,
    report("msg_round_trip_us", per_op(N, fun() -> ping(B, N) end)),
    report("spawn_result_us", spawn_rows(B, N)),
    M = 200000,
    report("msgs_per_s", throughput(B, M)).

cold(B) ->
    %% chain50 is compiled and loaded here before the clock starts, as dist_bench.erl
    %% compiles its module before timing, and so is the library module that
    %% spawn/4 is written in (erl preloads its own): the row measures shipping, not
    %% compiling or loading this node's library.
    _ = chain50:module_info(),
    _ = erlang:module_info(),
    T0 = erlang:monotonic_time(nanosecond),
    Pid = spawn(B, chain50, f1, [self()]),
    {ok, 50} = get_result(Pid),
    T1 = erlang:monotonic_time(nanosecond),
    round((T1 - T0) / 1000).

report(Key, Value) -> io:format("~s=~p~n", [Key, Value]).

per_op(N, F) ->
    F(), % warm
    T0 = erlang:monotonic_time(nanosecond),
    F(),
    T1 = erlang:monotonic_time(nanosecond),
    round((T1 - T0) / N / 10) / 100.

ping(_B, 0) -> ok;
ping(B, K) ->
    {bench_echo, B} ! {self(), K},
    receive {echo, K} -> ping(B, K - 1) end.

spawn_rows(B, N) ->
    try
        per_op(N, fun() -> spawn_loop(B, N) end)
    catch
        _:_ -> n_a
    end.

spawn_loop(_B, 0) -> ok;
spawn_loop(B, K) ->
    Pid = spawn(B, pfun() -> K end),
    {ok, K} = get_result(Pid),
    spawn_loop(B, K - 1).

throughput(B, M) ->
    {bench_sink, B} ! {start, self(), M},
    T0 = erlang:monotonic_time(nanosecond),
    send_n(B, M),
    receive {counted, M} -> ok end,
    T1 = erlang:monotonic_time(nanosecond),
    round(M / ((T1 - T0) / 1.0e9)).

send_n(_B, 0) -> ok;
send_n(B, K) -> {bench_sink, B} ! {msg, K}, send_n(B, K - 1).
