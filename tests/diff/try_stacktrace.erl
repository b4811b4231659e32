-module(try_stacktrace).
-export([main/1]).

fail(X) -> error({fail, X}).

%% Binding the stacktrace in a catch clause: it is a list of {M, F, A, Info}
%% tuples; only its shape is printed since line details differ between systems.
main(_) ->
    try fail(1)
    catch error:Reason:Stack ->
            io:format("~p~n", [Reason]),
            io:format("~p~n", [is_list(Stack)]),
            [Top | _] = Stack,
            io:format("~p~n", [tuple_size(Top)]),
            {M, F, A, _Info} = Top,
            io:format("~p ~p ~p~n", [M, F, A])
    end,
    try throw(t)
    catch throw:t:S2 -> io:format("~p~n", [is_list(S2)])
    end,
    try lists:map(fun(X) -> X + 1 end, [1, a])
    catch error:R3:S3 ->
            io:format("~p ~p~n", [R3, is_list(S3)])
    end,
    Ok = try ok catch _:_:_ -> not_ok end,
    io:format("~p~n", [Ok]),
    ok.
