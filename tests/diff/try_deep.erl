-module(try_deep).
-export([main/1]).

down(0) -> throw(bottom);
down(N) -> 1 + down(N - 1).

guarded(0, Acc) -> Acc;
guarded(N, Acc) ->
    R = try (try N rem 3 of 0 -> throw(skip); V -> V catch throw:skip -> never end)
        catch throw:skip -> 0
        end,
    guarded(N - 1, Acc + R).

nest(0) -> try throw(deep) catch throw:deep -> 0 end;
nest(N) -> try nest(N - 1) + 1 after ok end.

%% Exceptions thrown from deep recursion, try inside long loops, nested try.
main(_) ->
    io:format("~p~n", [try down(100000) catch throw:bottom -> caught_bottom end]),
    io:format("~p~n", [guarded(300000, 0)]),
    io:format("~p~n", [nest(10000)]),
    io:format("~p~n", [catch down(50000)]),
    ok.
