-module(proc_nested_spawn).
-export([main/1]).
main(_) ->
    Self = self(),
    spawn(fun() -> tree(4, Self) end),
    N = count(16, 0),
    io:format("leaves: ~p~n", [N]).
tree(0, Report) -> Report ! leaf;
tree(D, Report) ->
    spawn(fun() -> tree(D - 1, Report) end),
    spawn(fun() -> tree(D - 1, Report) end).
count(0, Acc) -> Acc;
count(N, Acc) -> receive leaf -> count(N - 1, Acc + 1) end.
