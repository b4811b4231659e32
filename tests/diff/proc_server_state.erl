-module(proc_server_state).
-export([main/1]).
main(_) ->
    S = spawn(fun() -> server(#{}) end),
    call(S, {put, a, 1}), call(S, {put, b, 2}), call(S, {put, a, 3}),
    io:format("~p~n", [call(S, {get, a})]),
    io:format("~p~n", [call(S, {get, c})]),
    io:format("~p~n", [lists:sort(call(S, keys))]),
    Ref = monitor(process, S),
    call(S, stop),
    receive {'DOWN', Ref, process, S, normal} -> ok end,
    io:format("~p~n", [is_process_alive(S)]).
call(S, Req) ->
    Ref = make_ref(),
    S ! {Ref, self(), Req},
    receive {Ref, Reply} -> Reply after 1000 -> timeout end.
server(St) ->
    receive
        {Ref, From, {put, K, V}} -> From ! {Ref, ok}, server(St#{K => V});
        {Ref, From, {get, K}} -> From ! {Ref, maps:get(K, St, undefined)}, server(St);
        {Ref, From, keys} -> From ! {Ref, maps:keys(St)}, server(St);
        {Ref, From, stop} -> From ! {Ref, stopped}
    end.
