-module(algo_bst).
-export([main/1]).

insert(K, V, nil) -> {K, V, nil, nil};
insert(K, V, {K1, V1, L, R}) when K < K1 -> {K1, V1, insert(K, V, L), R};
insert(K, V, {K1, V1, L, R}) when K > K1 -> {K1, V1, L, insert(K, V, R)};
insert(K, V, {K, _, L, R}) -> {K, V, L, R}.

lookup(_, nil) -> none;
lookup(K, {K, V, _, _}) -> {some, V};
lookup(K, {K1, _, L, _}) when K < K1 -> lookup(K, L);
lookup(K, {_, _, _, R}) -> lookup(K, R).

to_list(nil) -> [];
to_list({K, V, L, R}) -> to_list(L) ++ [{K, V}] ++ to_list(R).

height(nil) -> 0;
height({_, _, L, R}) -> 1 + max(height(L), height(R)).

%% A binary search tree of tuples.
main(_) ->
    Keys = [50, 30, 70, 20, 40, 60, 80, 30, 65],
    T = lists:foldl(fun(K, Acc) -> insert(K, K * 10, Acc) end, nil, Keys),
    io:format("~p~n", [to_list(T)]),
    io:format("~p~n", [[lookup(K, T) || K <- [40, 65, 99]]]),
    io:format("~p~n", [height(T)]),
    T2 = lists:foldl(fun(K, Acc) -> insert(K, x, Acc) end, nil, lists:seq(1, 100)),
    io:format("~p ~p~n", [height(T2), length(to_list(T2))]),
    io:format("~p~n", [insert(b, 2, insert(a, 1, nil))]),
    ok.
