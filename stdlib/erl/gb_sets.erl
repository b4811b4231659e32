%% gb_sets: ordered sets as general balanced trees, the set counterpart of
%% gb_trees (see gb_trees.erl for the balancing scheme). A set is {Size, Node},
%% Node = {Key, Smaller, Bigger} | nil; elements are compared with < and > (1 and
%% 1.0 are the same element). Every operation builds the same tree as erl's
%% (programs print sets), which tests/stdlib/erl/check_containers.sh checks.
-module(gb_sets).

-export([empty/0, new/0, is_empty/1, size/1, singleton/1, is_member/2, is_element/2,
         insert/2, add/2, add_element/2, delete/2, delete_any/2, del_element/2,
         balance/1, union/2, union/1, intersection/2, intersection/1, is_disjoint/2,
         difference/2, subtract/2, is_subset/2, to_list/1, from_list/1, from_ordset/1,
         smallest/1, largest/1, take_smallest/1, take_largest/1, iterator/1,
         iterator_from/2, next/1, filter/2, fold/3, map/2, filtermap/2, is_set/1,
         is_equal/2]).

empty() -> {0, nil}.

new() -> empty().

is_empty({0, _}) -> true;
is_empty(_) -> false.

size({Size, _}) -> Size.

singleton(Key) -> {1, {Key, nil, nil}}.

is_element(Key, S) -> is_member(Key, S).

is_member(Key, {_, T}) -> is_member_1(Key, T).

is_member_1(Key, {Key1, Smaller, _}) when Key < Key1 -> is_member_1(Key, Smaller);
is_member_1(Key, {Key1, _, Bigger}) when Key > Key1 -> is_member_1(Key, Bigger);
is_member_1(_, {_, _, _}) -> true;
is_member_1(_, nil) -> false.

insert(Key, {S, T}) ->
    S1 = S + 1,
    {S1, insert_1(Key, T, S1 * S1)}.

insert_1(Key, {Key1, Smaller, Bigger}, Budget) when Key < Key1 ->
    case insert_1(Key, Smaller, Budget bsr 1) of
        {T1, H1, S1} when is_integer(H1) ->
            rebuild_if_needed({Key1, T1, Bigger}, H1, S1, Bigger);
        T1 -> {Key1, T1, Bigger}
    end;
insert_1(Key, {Key1, Smaller, Bigger}, Budget) when Key > Key1 ->
    case insert_1(Key, Bigger, Budget bsr 1) of
        {T1, H1, S1} when is_integer(H1) ->
            rebuild_if_needed({Key1, Smaller, T1}, H1, S1, Smaller);
        T1 -> {Key1, Smaller, T1}
    end;
insert_1(Key, nil, 0) -> {{Key, nil, nil}, 1, 1};
insert_1(Key, nil, _) -> {Key, nil, nil};
insert_1(Key, _, _) -> erlang:error({key_exists, Key}).

rebuild_if_needed(T, H1, S1, Other) ->
    {H2, S2} = weigh(Other),
    H = max(H1, H2) bsl 1,
    S = S1 + S2 + 1,
    if
        H > S * S -> balance_tree(T, S);
        true -> {T, H, S}
    end.

weigh({_, nil, nil}) -> {1, 1};
weigh({_, Smaller, Bigger}) ->
    {H1, S1} = weigh(Smaller),
    {H2, S2} = weigh(Bigger),
    {max(H1, H2) bsl 1, S1 + S2 + 1};
weigh(nil) -> {1, 0}.

add(X, S) -> add_element(X, S).

add_element(X, S) ->
    case is_member(X, S) of
        true -> S;
        false -> insert(X, S)
    end.

balance({S, T}) -> {S, balance_tree(T, S)}.

balance_tree(T, S) -> balance_list(to_list_1(T, []), S).

balance_list(L, S) ->
    {T, _} = balance_list_1(L, S),
    T.

balance_list_1(L, S) when S > 1 ->
    Sm = S - 1,
    S2 = Sm div 2,
    S1 = Sm - S2,
    {T1, [K | L1]} = balance_list_1(L, S1),
    {T2, L2} = balance_list_1(L1, S2),
    {{K, T1, T2}, L2};
balance_list_1([Key | L], 1) -> {{Key, nil, nil}, L};
balance_list_1(L, 0) -> {nil, L}.

from_ordset(L) ->
    S = length(L),
    {S, balance_list(L, S)}.

from_list(L) -> from_ordset(lists:usort(L)).

%% A balanced tree from a descending list: the right part takes the extra element.
from_revlist(L) ->
    S = length(L),
    {T, _} = balance_revlist_1(L, S),
    {S, T}.

balance_revlist_1(L, S) when S > 1 ->
    Sm = S - 1,
    S2 = Sm div 2,
    S1 = Sm - S2,
    {T2, [K | L1]} = balance_revlist_1(L, S1),
    {T1, L2} = balance_revlist_1(L1, S2),
    {{K, T1, T2}, L2};
balance_revlist_1([Key | L], 1) -> {{Key, nil, nil}, L};
balance_revlist_1(L, 0) -> {nil, L}.

del_element(Key, S) -> delete_any(Key, S).

delete_any(Key, S) ->
    case is_member(Key, S) of
        true -> delete(Key, S);
        false -> S
    end.

%% A missing element is a function_clause error.
delete(Key, {S, T}) -> {S - 1, delete_1(Key, T)}.

delete_1(Key, {Key1, Smaller, Larger}) when Key < Key1 -> {Key1, delete_1(Key, Smaller), Larger};
delete_1(Key, {Key1, Smaller, Bigger}) when Key > Key1 -> {Key1, Smaller, delete_1(Key, Bigger)};
delete_1(_, {_, Smaller, Larger}) -> merge(Smaller, Larger).

merge(Smaller, nil) -> Smaller;
merge(nil, Larger) -> Larger;
merge(Smaller, Larger) ->
    {Key, Larger1} = take_smallest_1(Larger),
    {Key, Smaller, Larger1}.

take_smallest({S, T}) ->
    {Key, T1} = take_smallest_1(T),
    {Key, {S - 1, T1}}.

take_smallest_1({Key, nil, Larger}) -> {Key, Larger};
take_smallest_1({Key, Smaller, Larger}) ->
    {Key1, Smaller1} = take_smallest_1(Smaller),
    {Key1, {Key, Smaller1, Larger}}.

smallest({_, T}) -> smallest_1(T).

smallest_1({Key, nil, _}) -> Key;
smallest_1({_, Smaller, _}) -> smallest_1(Smaller).

take_largest({S, T}) ->
    {Key, T1} = take_largest_1(T),
    {Key, {S - 1, T1}}.

take_largest_1({Key, Smaller, nil}) -> {Key, Smaller};
take_largest_1({Key, Smaller, Larger}) ->
    {Key1, Larger1} = take_largest_1(Larger),
    {Key1, {Key, Smaller, Larger1}}.

largest({_, T}) -> largest_1(T).

largest_1({Key, _, nil}) -> Key;
largest_1({_, _, Larger}) -> largest_1(Larger).

to_list({_, T}) -> to_list_1(T, []).

to_list_1({Key, Small, Big}, L) -> to_list_1(Small, [Key | to_list_1(Big, L)]);
to_list_1(nil, L) -> L.

iterator({_, T}) -> iterator_1(T, []).

iterator_1({_, nil, _} = T, As) -> [T | As];
iterator_1({_, L, _} = T, As) -> iterator_1(L, [T | As]);
iterator_1(nil, As) -> As.

iterator_from(S, {_, T}) -> iterator_from_1(S, T, []).

iterator_from_1(S, {K, _, T}, As) when K < S -> iterator_from_1(S, T, As);
iterator_from_1(_, {_, nil, _} = T, As) -> [T | As];
iterator_from_1(S, {_, L, _} = T, As) -> iterator_from_1(S, L, [T | As]);
iterator_from_1(_, nil, As) -> As.

next([{X, _, T} | As]) -> {X, iterator_1(T, As)};
next([]) -> none.

%% A set much smaller than the other (the smaller size times about log2 of the
%% larger is at most the larger size, and the larger holds 10 elements or more) is
%% added element by element; otherwise the merged list is rebuilt balanced. The
%% same rule as erl's, so unions give erl's trees.
union({N1, _} = S1, {N2, _} = S2) when N2 > N1 -> union_sized(S2, S1);
union({_, _} = S1, {_, _} = S2) -> union_sized(S1, S2).

union_sized({NBig, _} = Big, {NSmall, _} = Small) ->
    case NBig >= 10 andalso NSmall * round(1.46 * math:log(NBig)) =< NBig of
        true -> lists:foldl(fun add/2, Big, to_list(Small));
        false -> from_revlist(lists:reverse(ordsets:union(to_list(Big), to_list(Small))))
    end.

union([S | Ss]) -> lists:foldl(fun(S1, Acc) -> union(Acc, S1) end, S, Ss);
union([]) -> empty().

intersection({_, _} = S1, {_, _} = S2) ->
    from_revlist(lists:reverse(ordsets:intersection(to_list(S1), to_list(S2)))).

intersection([S | Ss]) -> lists:foldl(fun(S1, Acc) -> intersection(Acc, S1) end, S, Ss).

is_disjoint(S1, S2) -> ordsets:is_disjoint(to_list(S1), to_list(S2)).

subtract(S1, S2) -> difference(S1, S2).

difference({_, _} = S1, {_, _} = S2) ->
    from_revlist(lists:reverse(ordsets:subtract(to_list(S1), to_list(S2)))).

is_subset(S1, S2) -> ordsets:is_subset(to_list(S1), to_list(S2)).

is_set({0, nil}) -> true;
is_set({N, {_, _, _}}) when is_integer(N), N >= 0 -> true;
is_set(_) -> false.

is_equal(S1, S2) -> to_list(S1) == to_list(S2).

filter(F, S) when is_function(F, 1) -> from_ordset([X || X <- to_list(S), F(X)]).

map(F, S) when is_function(F, 1) -> from_list(lists:map(F, to_list(S))).

filtermap(F, S) when is_function(F, 1) -> from_list(lists:filtermap(F, to_list(S))).

fold(F, A, {_, T}) when is_function(F, 2) -> fold_1(F, A, T).

fold_1(F, Acc0, {Key, Small, Big}) ->
    Acc1 = fold_1(F, Acc0, Small),
    Acc = F(Key, Acc1),
    fold_1(F, Acc, Big);
fold_1(_, Acc, _) -> Acc.
