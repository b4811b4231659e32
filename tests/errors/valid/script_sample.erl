#!/usr/bin/env escript
%% A script: no -module, main/1 receives the arguments.
main(Args) ->
    Total = lists:foldl(fun(A, Sum) -> Sum + list_to_integer(A) end, 0, Args),
    io:format("~w~n", [Total]).
