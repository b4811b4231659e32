-module(multi_module).
-export([main/1]).

%% Calls into helper modules (tests/diff/lib/dm_util.erl, dm_more.erl) loaded on demand.
main(_) ->
    io:format("~p~n", [dm_util:double(21)]),
    io:format("~p~n", [dm_util:sum([1, 2, 3, 4])]),
    io:format("~s~n", [dm_util:greet("world")]),
    io:format("~p~n", [dm_util:apply_to(fun dm_util:double/1, 5)]),
    F = dm_util:counter(),
    io:format("~p~n", [F(9)]),
    io:format("~p~n", [lists:map(fun dm_util:double/1, [1, 2, 3])]),
    M = dm_more,
    io:format("~p~n", [M:sum_list([10, 20], 5)]),
    io:format("~p~n", [apply(dm_util, double, [4])]),
    io:format("~p~n", [try dm_more:crash(error) catch error:R -> R end]),
    io:format("~p~n", [try dm_util:missing(1) catch error:R2 -> R2 end]),
    io:format("~p~n", [try dm_not_a_module:f() catch error:R3 -> R3 end]),
    ok.
