-module(algo_sorts).
-export([main/1]).

qsort([]) -> [];
qsort([P | T]) -> qsort([X || X <- T, X < P]) ++ [P] ++ qsort([X || X <- T, X >= P]).

msort([]) -> [];
msort([X]) -> [X];
msort(L) ->
    {A, B} = lists:split(length(L) div 2, L),
    merge(msort(A), msort(B)).

merge([], B) -> B;
merge(A, []) -> A;
merge([X | A], [Y | _] = B) when X =< Y -> [X | merge(A, B)];
merge(A, [Y | B]) -> [Y | merge(A, B)].

isort(L) -> lists:foldl(fun insert/2, [], L).
insert(X, []) -> [X];
insert(X, [H | T]) when X =< H -> [X, H | T];
insert(X, [H | T]) -> [H | insert(X, T)].

rand(0, _) -> [];
rand(N, S) -> S1 = (S * 16807) rem 2147483647, [S1 rem 10000 | rand(N - 1, S1)].

%% Quicksort, merge sort and insertion sort agree with lists:sort.
main(_) ->
    L = rand(2000, 1),
    S = lists:sort(L),
    io:format("~p ~p ~p~n", [qsort(L) =:= S, msort(L) =:= S, isort(L) =:= S]),
    io:format("~w~n", [lists:sublist(S, 20)]),
    io:format("~w~n", [msort([b, 3, "x", a, 1.5, {t}])]),
    io:format("~w~n", [qsort([5, 5, 1, 1, 3])]),
    ok.
