-module(big_live).
-export([main/1]).

%% A large live data set that survives many collections: a 100,000-key map,
%% a 300,000-element list and a tree of tuples.
tree(0) -> leaf;
tree(N) -> {tree(N - 1), N, tree(N - 1)}.

count(leaf) -> 0;
count({L, _, R}) -> count(L) + 1 + count(R).

main(_) ->
    M = maps:from_list([{I, I * 2} || I <- lists:seq(1, 100000)]),
    L = lists:seq(1, 300000),
    T = tree(16),
    M2 = maps:map(fun(_, V) -> V + 1 end, M),
    io:format("~p ~p~n", [map_size(M2), maps:get(77777, M2)]),
    io:format("~p~n", [lists:sum(L)]),
    io:format("~p~n", [count(T)]),
    io:format("~p~n", [lists:sum(maps:values(M)) + count(T)]),
    ok.
