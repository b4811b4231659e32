-module(algo_combinatorics).
-export([main/1]).

perms([]) -> [[]];
perms(L) -> [[H | T] || H <- L, T <- perms(L -- [H])].

powerset([]) -> [[]];
powerset([H | T]) -> P = powerset(T), [[H | S] || S <- P] ++ P.

combos(0, _) -> [[]];
combos(_, []) -> [];
combos(K, [H | T]) -> [[H | C] || C <- combos(K - 1, T)] ++ combos(K, T).

pascal(1) -> [[1]];
pascal(N) ->
    Prev = pascal(N - 1),
    Last = lists:last(Prev),
    Prev ++ [lists:zipwith(fun(A, B) -> A + B end, [0 | Last], Last ++ [0])].

%% Permutations, power sets, combinations, Pascal's triangle.
main(_) ->
    io:format("~p~n", [perms([1, 2, 3])]),
    io:format("~p~n", [length(perms(lists:seq(1, 6)))]),
    io:format("~p~n", [powerset([a, b, c])]),
    io:format("~p~n", [combos(2, [a, b, c, d])]),
    io:format("~p~n", [pascal(8)]),
    io:format("~p~n", [lists:last(pascal(40))]),
    ok.
