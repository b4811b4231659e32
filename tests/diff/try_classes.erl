-module(try_classes).
-export([main/1]).

run(F) ->
    try F() of
        V -> {returned, V}
    catch
        throw:T -> {thrown, T};
        error:E -> {error, E};
        exit:X -> {exited, X}
    end.

%% try/of/catch with every class.
main(_) ->
    io:format("~p~n", [run(fun() -> 1 + 1 end)]),
    io:format("~p~n", [run(fun() -> throw(ball) end)]),
    io:format("~p~n", [run(fun() -> error(oops) end)]),
    io:format("~p~n", [run(fun() -> exit(bye) end)]),
    io:format("~p~n", [run(fun() -> error({complex, [1, 2]}) end)]),
    io:format("~p~n", [run(fun() -> 1 / id(0) end)]),
    io:format("~p~n", [run(fun() -> list_to_integer("x") end)]),
    io:format("~p~n", [run(fun() -> throw({nested, #{k => v}}) end)]),
    R = try throw(x) catch Class:Reason -> {Class, Reason} end,
    io:format("~p~n", [R]),
    R2 = try error(y) catch _:Any -> Any end,
    io:format("~p~n", [R2]),
    R3 = try exit(z) catch exit:_ -> exit_caught end,
    io:format("~p~n", [R3]),
    R4 = try throw(t) catch Th -> {default_class_is_throw, Th} end,
    io:format("~p~n", [R4]),
    R5 = try ok of ok -> matched_of; _ -> other catch _:_ -> caught end,
    io:format("~p~n", [R5]),
    R6 = try id(5) of N when N > 3 -> big; _ -> small catch _:_ -> caught end,
    io:format("~p~n", [R6]),
    R7 = try try error(inner) catch throw:_ -> wrong end catch error:inner -> outer_got_it end,
    io:format("~p~n", [R7]),
    R8 = try try_clause_test() catch error:E8 -> E8 end,
    io:format("~p~n", [R8]),
    ok.

try_clause_test() ->
    try id(3) of 1 -> one catch _:_ -> caught end.

id(X) -> X.
