%% gb_trees: general balanced trees (Arne Andersson, "General Balanced Trees",
%% Journal of Algorithms 1999). A tree is {Size, Node}, Node = {Key, Value, Smaller,
%% Bigger} | nil. Keys are compared with < and > (1 and 1.0 are the same key).
%%
%% Insertion descends without rebalancing; when the new node lands deeper than
%% the height budget of the tree's size (here 2^h <= Size^2, i.e. h <= 2 log2 Size),
%% the way back up looks for the lowest ancestor whose subtree breaks the budget of
%% its own size and rebuilds that subtree perfectly balanced. Deletion never
%% rebalances (the budget only bounds height). Because programs print trees, the
%% budget (exponent 2), the weights and the way a sorted list is rebuilt (the left
%% part takes the extra element) follow the documented structure, so equal
%% operations give trees that print alike.
-module(gb_trees).

-export([empty/0, is_empty/1, size/1, lookup/2, get/2, is_defined/2, insert/3,
         enter/3, update/3, delete/2, delete_any/2, take/2, take_any/2, balance/1,
         keys/1, values/1, to_list/1, from_orddict/1, smallest/1, largest/1,
         take_smallest/1, take_largest/1, iterator/1, iterator_from/2, next/1, map/2,
         foldl/3, foldr/3]).

empty() -> {0, nil}.

is_empty({0, nil}) -> true;
is_empty(_) -> false.

size({Size, _}) when is_integer(Size), Size >= 0 -> Size.

lookup(Key, {_, T}) -> lookup_1(Key, T).

lookup_1(Key, {Key1, _, Smaller, _}) when Key < Key1 -> lookup_1(Key, Smaller);
lookup_1(Key, {Key1, _, _, Bigger}) when Key > Key1 -> lookup_1(Key, Bigger);
lookup_1(_, {_, Value, _, _}) -> {value, Value};
lookup_1(_, nil) -> none.

is_defined(Key, {_, T}) -> is_defined_1(Key, T).

is_defined_1(Key, {Key1, _, Smaller, _}) when Key < Key1 -> is_defined_1(Key, Smaller);
is_defined_1(Key, {Key1, _, _, Bigger}) when Key > Key1 -> is_defined_1(Key, Bigger);
is_defined_1(_, {_, _, _, _}) -> true;
is_defined_1(_, nil) -> false.

%% A missing key is a function_clause error.
get(Key, {_, T}) -> get_1(Key, T).

get_1(Key, {Key1, _, Smaller, _}) when Key < Key1 -> get_1(Key, Smaller);
get_1(Key, {Key1, _, _, Bigger}) when Key > Key1 -> get_1(Key, Bigger);
get_1(_, {_, Value, _, _}) -> Value.

update(Key, Val, {S, T}) -> {S, update_1(Key, Val, T)}.

update_1(Key, Val, {Key1, V, Smaller, Bigger}) when Key < Key1 ->
    {Key1, V, update_1(Key, Val, Smaller), Bigger};
update_1(Key, Val, {Key1, V, Smaller, Bigger}) when Key > Key1 ->
    {Key1, V, Smaller, update_1(Key, Val, Bigger)};
update_1(Key, Val, {_, _, Smaller, Bigger}) -> {Key, Val, Smaller, Bigger}.

insert(Key, Val, {S, T}) when is_integer(S) ->
    S1 = S + 1,
    {S1, insert_1(Key, Val, T, S1 * S1)}.

%% Returns the new subtree, or {Subtree, HeightWeight, Size} while a too-deep
%% insertion still looks for the subtree to rebuild. HeightWeight is 2^height.
insert_1(Key, Val, {Key1, V, Smaller, Bigger}, Budget) when Key < Key1 ->
    case insert_1(Key, Val, Smaller, Budget bsr 1) of
        {T1, H1, S1} -> rebuild_if_needed({Key1, V, T1, Bigger}, H1, S1, Bigger);
        T1 -> {Key1, V, T1, Bigger}
    end;
insert_1(Key, Val, {Key1, V, Smaller, Bigger}, Budget) when Key > Key1 ->
    case insert_1(Key, Val, Bigger, Budget bsr 1) of
        {T1, H1, S1} -> rebuild_if_needed({Key1, V, Smaller, T1}, H1, S1, Smaller);
        T1 -> {Key1, V, Smaller, T1}
    end;
insert_1(Key, Val, nil, 0) -> {{Key, Val, nil, nil}, 1, 1};
insert_1(Key, Val, nil, _) -> {Key, Val, nil, nil};
insert_1(Key, _, _, _) -> erlang:error({key_exists, Key}).

rebuild_if_needed(T, H1, S1, Other) ->
    {H2, S2} = weigh(Other),
    H = max(H1, H2) bsl 1,
    S = S1 + S2 + 1,
    if
        H > S * S -> balance_tree(T, S);
        true -> {T, H, S}
    end.

weigh({_, _, nil, nil}) -> {1, 1};
weigh({_, _, Smaller, Bigger}) ->
    {H1, S1} = weigh(Smaller),
    {H2, S2} = weigh(Bigger),
    {max(H1, H2) bsl 1, S1 + S2 + 1};
weigh(nil) -> {1, 0}.

enter(Key, Val, T) ->
    case is_defined(Key, T) of
        true -> update(Key, Val, T);
        false -> insert(Key, Val, T)
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
    {T1, [{K, V} | L1]} = balance_list_1(L, S1),
    {T2, L2} = balance_list_1(L1, S2),
    {{K, V, T1, T2}, L2};
balance_list_1([{Key, Val} | L], 1) -> {{Key, Val, nil, nil}, L};
balance_list_1(L, 0) -> {nil, L}.

from_orddict(L) ->
    S = length(L),
    {S, balance_list(L, S)}.

%% A missing key is a function_clause error.
delete(Key, {S, T}) when is_integer(S), S >= 0 -> {S - 1, delete_1(Key, T)}.

delete_1(Key, {Key1, Value, Smaller, Larger}) when Key < Key1 ->
    {Key1, Value, delete_1(Key, Smaller), Larger};
delete_1(Key, {Key1, Value, Smaller, Bigger}) when Key > Key1 ->
    {Key1, Value, Smaller, delete_1(Key, Bigger)};
delete_1(_, {_, _, Smaller, Larger}) -> merge(Smaller, Larger).

merge(Smaller, nil) -> Smaller;
merge(nil, Larger) -> Larger;
merge(Smaller, Larger) ->
    {Key, Value, Larger1} = take_smallest_1(Larger),
    {Key, Value, Smaller, Larger1}.

delete_any(Key, T) ->
    case is_defined(Key, T) of
        true -> delete(Key, T);
        false -> T
    end.

take(Key, {S, T}) when is_integer(S), S >= 0 ->
    {Value, T1} = take_1(Key, T),
    {Value, {S - 1, T1}}.

take_1(Key, {Key1, Value, Smaller, Larger}) when Key < Key1 ->
    {Value2, Smaller1} = take_1(Key, Smaller),
    {Value2, {Key1, Value, Smaller1, Larger}};
take_1(Key, {Key1, Value, Smaller, Bigger}) when Key > Key1 ->
    {Value2, Bigger1} = take_1(Key, Bigger),
    {Value2, {Key1, Value, Smaller, Bigger1}};
take_1(_, {_, Value, Smaller, Larger}) -> {Value, merge(Smaller, Larger)}.

take_any(Key, T) ->
    case is_defined(Key, T) of
        true -> take(Key, T);
        false -> error
    end.

smallest({_, T}) -> smallest_1(T).

smallest_1({Key, Value, nil, _}) -> {Key, Value};
smallest_1({_, _, Smaller, _}) -> smallest_1(Smaller).

largest({_, T}) -> largest_1(T).

largest_1({Key, Value, _, nil}) -> {Key, Value};
largest_1({_, _, _, Larger}) -> largest_1(Larger).

take_smallest({S, T}) ->
    {Key, Value, T1} = take_smallest_1(T),
    {Key, Value, {S - 1, T1}}.

take_smallest_1({Key, Value, nil, Larger}) -> {Key, Value, Larger};
take_smallest_1({Key, Value, Smaller, Larger}) ->
    {Key1, Value1, Smaller1} = take_smallest_1(Smaller),
    {Key1, Value1, {Key, Value, Smaller1, Larger}}.

take_largest({S, T}) ->
    {Key, Value, T1} = take_largest_1(T),
    {Key, Value, {S - 1, T1}}.

take_largest_1({Key, Value, Smaller, nil}) -> {Key, Value, Smaller};
take_largest_1({Key, Value, Smaller, Larger}) ->
    {Key1, Value1, Larger1} = take_largest_1(Larger),
    {Key1, Value1, {Key, Value, Smaller, Larger1}}.

to_list({_, T}) -> to_list_1(T, []).

to_list_1({Key, Value, Small, Big}, L) -> to_list_1(Small, [{Key, Value} | to_list_1(Big, L)]);
to_list_1(nil, L) -> L.

keys({_, T}) -> keys_1(T, []).

keys_1({Key, _, Small, Big}, L) -> keys_1(Small, [Key | keys_1(Big, L)]);
keys_1(nil, L) -> L.

values({_, T}) -> values_1(T, []).

values_1({_, Value, Small, Big}, L) -> values_1(Small, [Value | values_1(Big, L)]);
values_1(nil, L) -> L.

%% An iterator is the stack of nodes whose key and right subtree are still to come.
iterator({_, T}) -> iterator_1(T, []).

iterator_1({_, _, nil, _} = T, As) -> [T | As];
iterator_1({_, _, L, _} = T, As) -> iterator_1(L, [T | As]);
iterator_1(nil, As) -> As.

iterator_from(S, {_, T}) -> iterator_from_1(S, T, []).

iterator_from_1(S, {K, _, _, T}, As) when K < S -> iterator_from_1(S, T, As);
iterator_from_1(_, {_, _, nil, _} = T, As) -> [T | As];
iterator_from_1(S, {_, _, L, _} = T, As) -> iterator_from_1(S, L, [T | As]);
iterator_from_1(_, nil, As) -> As.

next([{X, V, _, T} | As]) -> {X, V, iterator_1(T, As)};
next([]) -> none.

map(F, {Size, Tree}) when is_function(F, 2) -> {Size, map_1(F, Tree)}.

map_1(_, nil) -> nil;
map_1(F, {K, V, Smaller, Larger}) -> {K, F(K, V), map_1(F, Smaller), map_1(F, Larger)}.

foldl(F, Acc, {_, T}) when is_function(F, 3) -> foldl_1(F, Acc, T).

foldl_1(F, Acc, {Key, Value, Small, Big}) ->
    foldl_1(F, F(Key, Value, foldl_1(F, Acc, Small)), Big);
foldl_1(_, Acc, nil) -> Acc.

foldr(F, Acc, {_, T}) when is_function(F, 3) -> foldr_1(F, Acc, T).

foldr_1(F, Acc, {Key, Value, Small, Big}) ->
    foldr_1(F, F(Key, Value, foldr_1(F, Acc, Big)), Small);
foldr_1(_, Acc, nil) -> Acc.
