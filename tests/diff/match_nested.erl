-module(match_nested).
-export([main/1]).

sum_tree(leaf) -> 0;
sum_tree({node, L, V, R}) -> sum_tree(L) + V + sum_tree(R).

insert(V, leaf) -> {node, leaf, V, leaf};
insert(V, {node, L, X, R} = N) ->
    if V < X -> {node, insert(V, L), X, R};
       V > X -> {node, L, X, insert(V, R)};
       true -> N
    end.

to_list(leaf) -> [];
to_list({node, L, V, R}) -> to_list(L) ++ [V] ++ to_list(R).

pairs([{K, [V | _]} | Rest]) -> [{K, V} | pairs(Rest)];
pairs([_ | Rest]) -> pairs(Rest);
pairs([]) -> [].

%% Deeply nested patterns: trees, lists of tuples, maps in tuples, binaries in lists.
main(_) ->
    T = lists:foldl(fun insert/2, leaf, [5, 2, 8, 1, 9, 3, 5]),
    io:format("~p~n", [T]),
    io:format("~p ~p~n", [sum_tree(T), to_list(T)]),
    io:format("~p~n", [pairs([{a, [1, 2]}, {b, []}, {c, [3]}, junk])]),
    {#{name := Name}, [<<First, _/binary>> | _]} = {#{name => "x", age => 3}, [<<"hey">>, <<"z">>]},
    io:format("~p ~p~n", [Name, First]),
    [{_, [{_, Deep}]}] = [{outer, [{inner, deep_value}]}],
    io:format("~p~n", [Deep]),
    case {1, [2, {3, [4, 5]}]} of
        {A, [B, {C, [D | E]}]} -> io:format("~p~n", [{A, B, C, D, E}])
    end,
    ok.
