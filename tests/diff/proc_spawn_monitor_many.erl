-module(proc_spawn_monitor_many).
-export([main/1]).
main(_) ->
    Ms = [spawn_monitor(fun() -> case I rem 3 of 0 -> ok; 1 -> exit(one); 2 -> erlang:error(two) end end) || I <- lists:seq(1, 30)],
    Rs = [receive {'DOWN', Ref, process, Pid, R} -> classify(R) end || {Pid, Ref} <- Ms],
    io:format("~p~n", [Rs]).
classify(normal) -> n;
classify(one) -> o;
classify({two, _}) -> t.
