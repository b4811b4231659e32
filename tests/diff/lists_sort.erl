-module(lists_sort).
-export([main/1]).

rand_list(0, _) -> [];
rand_list(N, S) ->
    S1 = (S * 1103515245 + 12345) rem 2147483648,
    [S1 rem 1000 | rand_list(N - 1, S1)].

%% Sorting: sort/1,2, usort, merge, stability, mixed types.
main(_) ->
    R = rand_list(40, 42),
    io:format("~w~n", [R]),
    io:format("~w~n", [lists:sort(R)]),
    io:format("~w~n", [lists:usort(R)]),
    io:format("~w~n", [lists:sort(fun(A, B) -> A >= B end, R)]),
    io:format("~w~n", [lists:usort(fun(A, B) -> A rem 10 =< B rem 10 end, R)]),
    io:format("~p~n", [lists:sort(["pear", "apple", "fig", "banana", "apple"])]),
    io:format("~p~n", [lists:sort([{2, b}, {1, z}, {2, a}, {1, a}])]),
    io:format("~p~n", [lists:sort(fun({A, _}, {B, _}) -> A =< B end,
                                  [{2, first}, {1, x}, {2, second}, {1, y}])]),
    io:format("~p~n", [lists:merge([1, 4, 9], [2, 3, 10])]),
    io:format("~p~n", [lists:merge([[1, 5], [2, 6], [0, 7]])]),
    io:format("~p~n", [lists:umerge([1, 2, 4], [2, 3, 4])]),
    io:format("~p~n", [lists:merge(fun(A, B) -> A >= B end, [9, 4, 1], [8, 3])]),
    io:format("~p~n", [lists:sort([3.0, 3, 2.5, 1, 1.0])]),
    io:format("~p~n", [lists:usort([3.0, 3, 1, 1.0])]),
    Big = rand_list(5000, 7),
    Sorted = lists:sort(Big),
    io:format("~p ~p ~p~n", [length(Sorted), hd(Sorted), lists:last(Sorted)]),
    io:format("~p~n", [length(lists:usort(Big))]),
    ok.
