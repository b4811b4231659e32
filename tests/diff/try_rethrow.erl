-module(try_rethrow).
-export([main/1]).

wrap(F) ->
    try F()
    catch
        throw:T -> throw({wrapped, T});
        error:E:S -> erlang:raise(error, {rewrapped, E}, S)
    end.

retry(F, 0) -> F();
retry(F, N) ->
    try F() catch throw:again -> retry(F, N - 1) end.

%% Rethrowing from catch clauses, erlang:raise/3, nested try.
main(_) ->
    io:format("~p~n", [catch wrap(fun() -> throw(a) end)]),
    io:format("~p~n", [try wrap(fun() -> error(b) end) catch error:R -> R end]),
    io:format("~p~n", [try wrap(fun() -> exit(c) end) catch exit:R2 -> {exit, R2} end]),
    io:format("~p~n", [try retry(fun() -> throw(again) end, 3) catch throw:X -> {gave_up, X} end]),
    R3 = try
             try error(first)
             catch error:first -> throw(second)
             end
         catch throw:second -> got_second
         end,
    io:format("~p~n", [R3]),
    R4 = try erlang:raise(throw, raised, []) catch throw:V -> {caught, V} end,
    io:format("~p~n", [R4]),
    R5 = try erlang:raise(exit, {shutdown, x}, []) catch exit:V5 -> V5 end,
    io:format("~p~n", [R5]),
    R6 = try erlang:raise(bad_class, x, []) catch error:E6 -> {error, E6} end,
    io:format("~p~n", [R6]),
    R7 = try
             try throw(inner) after io:format("cleanup~n") end
         catch C:Rn -> {C, Rn}
         end,
    io:format("~p~n", [R7]),
    ok.
