-module(lists_sort_ties).
-export([main/1]).

%% lists:sort/1 and usort/1 on lists full of elements that compare equal but
%% differ (1 and 1.0, {1} and {1.0}): the order of ties is erl's own.
pool() -> {0, 0.0, 1, 1.0, 2, 2.0, 3, 3.0, {1}, {1.0}, a}.

next(S) -> (S * 1103515245 + 12345) rem 2147483648.

rand_list(0, S, Acc) -> {Acc, S};
rand_list(N, S, Acc) ->
    S1 = next(S),
    E = element((S1 div 65536) rem tuple_size(pool()) + 1, pool()),
    rand_list(N - 1, S1, [E | Acc]).

loop(0, _) -> ok;
loop(K, S) ->
    Len = (S div 65536) rem 30,
    {L, S1} = rand_list(Len, next(S), []),
    io:format("~w~n  ~w~n  ~w~n", [L, lists:sort(L), lists:usort(L)]),
    loop(K - 1, S1).

main(_) ->
    loop(300, 2024),
    io:format("~w~n", [lists:sort([1.0, 1, 2, 1.0, 1, 0, 3.0, 3, 2.0, 1])]),
    io:format("~w~n", [lists:usort([1.0, 1, 2, 1.0, 1, 0, 3.0, 3, 2.0, 1])]),
    merges(),
    ok.

%% Merges keep the first list's element first among equals; the reversed merges
%% (rmerge) are their mirror image.
merges() ->
    A = [1, 2.0, 3], B = [1.0, 2, 3.0], C = [1, 2.0, 2, 3], D = [0, 1.0, 3],
    Le = fun(X, Y) -> X =< Y end,
    Lt = fun(X, Y) -> X < Y end,
    R = fun lists:reverse/1,
    io:format("~w~n", [[lists:merge([A, B, C, D]), lists:merge(A, B), lists:merge(B, A),
                        lists:merge3(A, B, C), lists:umerge([A, B, C, D]), lists:umerge(A, B),
                        lists:umerge(B, A), lists:umerge3(A, B, C)]]),
    io:format("~w~n", [[lists:rmerge(R(A), R(B)), lists:rmerge(Le, R(A), R(B)),
                        lists:rmerge(Lt, R(A), R(B)), lists:merge(Le, A, B),
                        lists:umerge(Le, A, B), lists:umerge(Lt, A, B)]]),
    io:format("~w~n", [[lists:keymerge(1, [{1, a}, {2, b}], [{1.0, c}, {2, d}]),
                        lists:ukeymerge(1, [{1, a}, {2, b}], [{1.0, c}, {2, d}]),
                        lists:keysort(1, [{1, a}, {1.0, b}, {0, c}, {1, d}]),
                        lists:ukeysort(1, [{1, a}, {1.0, b}, {0, c}, {1, d}])]]).
