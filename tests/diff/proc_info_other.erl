-module(proc_info_other).
-export([main/1]).
%% process_info/2 of another process: it answers for itself.
main(_) ->
    Self = self(),
    P = spawn(fun() ->
                  put(colour, blue),
                  link(Self),
                  Self ! ready,
                  receive stop -> ok end
              end),
    receive ready -> ok end,
    P ! first, P ! {second, 2},
    receive after 30 -> ok end,
    io:format("~p~n", [process_info(P, messages)]),
    io:format("~p~n", [process_info(P, message_queue_len)]),
    io:format("~p~n", [process_info(P, links) =:= {links, [Self]}]),
    io:format("~p~n", [process_info(P, dictionary)]),
    io:format("~p~n", [process_info(P, status)]),
    io:format("~p~n", [process_info(P, [trap_exit, message_queue_len])]),
    register(named_one, P),
    io:format("~p~n", [process_info(P, registered_name)]),
    io:format("~p~n", [process_info(self(), registered_name)]),
    Ref = monitor(process, P),
    {monitored_by, By} = process_info(P, monitored_by),
    io:format("~p~n", [By =:= [Self]]),
    {monitors, Ms} = process_info(self(), monitors),
    io:format("~p~n", [Ms =:= [{process, P}]]),
    unlink(P),
    P ! stop,
    receive {'DOWN', Ref, process, P, normal} -> ok end,
    io:format("~p~n", [process_info(P, status)]),
    io:format("~p~n", [why(catch process_info(self(), no_such_item))]).
why({'EXIT', {R, [_ | _]}}) -> {'EXIT', R};
why(X) -> X.
