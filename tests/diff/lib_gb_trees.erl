-module(lib_gb_trees).
-export([main/1]).

%% gb_trees and gb_sets: trees are printed raw, since programs print them and the
%% balancing must give erl's shapes (insertions in several orders, deletions,
%% rebalancing, from_orddict/from_list, and gb_sets:union both ways: merging, and
%% adding a much smaller set element by element).
main(_) ->
    E = gb_trees:empty(),
    io:format("~p ~p ~p~n", [E, gb_trees:is_empty(E), gb_trees:size(E)]),
    Ins = fun(Keys) -> lists:foldl(fun(K, T) -> gb_trees:insert(K, K * 10, T) end, E, Keys) end,
    Up = Ins(lists:seq(1, 20)),
    io:format("~p~n", [Up]),
    Down = Ins(lists:seq(20, 1, -1)),
    io:format("~p~n", [Down]),
    Mixed = Ins([(I * 7919) rem 101 || I <- lists:seq(1, 40)]),
    io:format("~p~n", [Mixed]),
    io:format("~p~n", [gb_trees:balance(Up)]),
    io:format("~p ~p ~p~n", [gb_trees:lookup(7, Up), gb_trees:lookup(70, Up), gb_trees:get(3, Up)]),
    io:format("~p ~p~n", [gb_trees:is_defined(5, Up), gb_trees:is_defined(5.5, Up)]),
    io:format("~p ~p~n", [gb_trees:lookup(5.0, Up), gb_trees:is_defined(1.0, Up)]),
    T1 = gb_trees:enter(5, five, gb_trees:enter(100, hundred, Up)),
    io:format("~p~n", [T1]),
    io:format("~p~n", [gb_trees:update(2, two, Up)]),
    io:format("~p~n", [gb_trees:delete(10, Up)]),
    io:format("~p~n", [gb_trees:delete_any(99, gb_trees:delete_any(1, Up))]),
    io:format("~p~n", [gb_trees:take(4, Up)]),
    io:format("~p~n", [gb_trees:take_any(44, Up)]),
    io:format("~p ~p~n", [gb_trees:smallest(Mixed), gb_trees:largest(Mixed)]),
    io:format("~p~n", [gb_trees:take_smallest(Up)]),
    io:format("~p~n", [gb_trees:take_largest(Up)]),
    io:format("~p~n~p~n", [gb_trees:keys(Mixed), gb_trees:values(Down)]),
    io:format("~p~n", [gb_trees:to_list(gb_trees:from_orddict([{a, 1}, {b, 2}, {c, 3}]))]),
    io:format("~p~n", [gb_trees:from_orddict([{I, x} || I <- lists:seq(1, 12)])]),
    It = gb_trees:iterator(Up),
    io:format("~p~n", [walk(It)]),
    io:format("~p~n", [walk(gb_trees:iterator_from(15, Up))]),
    io:format("~p~n", [gb_trees:map(fun(K, V) -> K + V end, Down)]),
    Dels = lists:foldl(fun(K, T) -> gb_trees:delete(K, T) end, Mixed,
                       [K || K <- gb_trees:keys(Mixed), K rem 3 =:= 0]),
    io:format("~p~n", [Dels]),
    Big = Ins(lists:seq(1, 1000)),
    io:format("~p ~p~n", [gb_trees:size(Big), erlang:phash2(Big)]),
    Err = fun(F) -> try F() catch C:R -> {C, R} end end,
    io:format("~p~n", [Err(fun() -> gb_trees:insert(3, x, Up) end)]),
    io:format("~p~n", [Err(fun() -> gb_trees:get(77, Up) end)]),
    io:format("~p~n", [Err(fun() -> gb_trees:update(77, x, Up) end)]),
    io:format("~p~n", [Err(fun() -> gb_trees:delete(77, Up) end)]),
    io:format("~p~n", [Err(fun() -> gb_trees:smallest(E) end)]),
    %% gb_sets
    S0 = gb_sets:new(),
    SA = lists:foldl(fun gb_sets:add/2, S0, [5, 3, 9, 1, 3, 7, 2, 8, 6, 4, 10, 0]),
    io:format("~p~n", [SA]),
    SB = gb_sets:from_list([c, a, b, a, 4, 11]),
    io:format("~p~n", [SB]),
    io:format("~p~n", [gb_sets:from_list(lists:seq(1, 15))]),
    io:format("~p ~p ~p~n", [gb_sets:size(SA), gb_sets:is_member(7, SA), gb_sets:is_element(70, SA)]),
    io:format("~p~n", [gb_sets:union(SA, SB)]),
    io:format("~p~n", [gb_sets:union([SA, SB, gb_sets:singleton(z)])]),
    Many = gb_sets:from_list(lists:seq(1, 60)),
    io:format("~p~n", [gb_sets:union(Many, gb_sets:from_list([100, 0, 30.5, 200]))]),
    io:format("~p~n", [gb_sets:union(gb_sets:from_list([7, 8]), Many) =:= gb_sets:union(Many, gb_sets:from_list([7, 8]))]),
    io:format("~p~n", [gb_sets:intersection(SA, gb_sets:from_list([4, 5, 6, 50]))]),
    io:format("~p~n", [gb_sets:difference(SA, gb_sets:from_list([4, 5, 6, 50]))]),
    io:format("~p~n", [gb_sets:subtract(SA, SA)]),
    io:format("~p ~p~n", [gb_sets:is_subset(gb_sets:from_list([1, 2]), SA),
                          gb_sets:is_disjoint(SA, SB)]),
    io:format("~p~n", [gb_sets:del_element(5, gb_sets:delete(9, SA))]),
    io:format("~p~n", [gb_sets:filter(fun(X) -> X rem 2 =:= 0 end, SA)]),
    io:format("~p~n", [gb_sets:fold(fun(X, A) -> [X | A] end, [], SA)]),
    io:format("~p ~p~n", [gb_sets:smallest(SA), gb_sets:largest(SA)]),
    io:format("~p~n", [gb_sets:take_smallest(SB)]),
    io:format("~p~n", [gb_sets:take_largest(SB)]),
    io:format("~p~n", [gb_sets:balance(SA)]),
    io:format("~p~n", [set_walk(gb_sets:iterator(SA))]),
    io:format("~p ~p ~p~n", [gb_sets:is_set(SA), gb_sets:is_set(x), gb_sets:is_empty(S0)]),
    io:format("~p~n", [Err(fun() -> gb_sets:insert(3, SA) end)]),
    io:format("~p~n", [Err(fun() -> gb_sets:delete(33, SA) end)]).

walk(It) ->
    case gb_trees:next(It) of
        none -> [];
        {K, V, It1} -> [{K, V} | walk(It1)]
    end.

set_walk(It) ->
    case gb_sets:next(It) of
        none -> [];
        {K, It1} -> [K | set_walk(It1)]
    end.
