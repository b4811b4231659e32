-module(idle).
-export([main/1]).

%% Memory per idle process: 100,000 processes waiting in receive; reports the
%% growth of erlang:memory(total) per process as result (bytes) and the time to
%% create them.
main(_) ->
    N = 100000,
    garbage_collect(),
    M0 = erlang:memory(total),
    T0 = erlang:monotonic_time(microsecond),
    Pids = [spawn(fun() -> receive stop -> ok end end) || _ <- lists:seq(1, N)],
    T1 = erlang:monotonic_time(microsecond),
    receive after 200 -> ok end,
    M1 = erlang:memory(total),
    [P ! stop || P <- Pids],
    io:format("result=~p~n", [N]),
    io:format("bytes_per_process=~p~n", [(M1 - M0) div N]),
    io:format("time_us=~p~n", [T1 - T0]).
