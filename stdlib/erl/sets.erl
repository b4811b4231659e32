%% sets: unordered sets, compared by matching (=:=: 1 and 1.0 are different
%% elements), as the documented module.
%%
%% Two representations, as in the documented API:
%%  - version 2 (sets:new([{version, 2}]), from_list(L, [{version, 2}])): a map from
%%    each element to [], the same value erl builds, so it prints alike;
%%  - the classic one (sets:new/0, from_list/1): {set, Map}, a tagged wrapper around
%%    the same map. erl's classic representation is an internal hash-table record;
%%    pfun's is internal as well, and prints differently: print sets:to_list/1
%%    (sorted) rather than the set itself.
%% An operation on one set of each kind answers in the representation erl does:
%% union in that of the larger set (the first on a tie), intersection in that of
%% the smaller (the second on a tie), subtract in that of the first.
%% The order of to_list/1 follows the map's order (erl's classic order is its
%% hash table's), so sort it before printing.
-module(sets).

-export([new/0, new/1, from_list/1, from_list/2, is_set/1, size/1, is_empty/1,
         is_equal/2, to_list/1, is_element/2, add_element/2, del_element/2, union/2,
         union/1, intersection/2, intersection/1, is_disjoint/2, subtract/2,
         is_subset/2, fold/3, filter/2, map/2, filtermap/2]).

new() -> {set, #{}}.

new([{version, 2}]) -> #{};
new(Opts) ->
    case proplists:get_value(version, Opts, 1) of
        1 -> new();
        2 -> #{}
    end.

from_list(L) -> {set, from_list_1(L)}.

from_list(L, [{version, 2}]) -> from_list_1(L);
from_list(L, Opts) ->
    case proplists:get_value(version, Opts, 1) of
        1 -> from_list(L);
        2 -> from_list_1(L)
    end.

from_list_1(L) -> maps:from_list([{E, []} || E <- L]).

is_set({set, M}) when is_map(M) -> true;
is_set(M) when is_map(M) -> true;
is_set(_) -> false.

size({set, M}) -> map_size(M);
size(M) when is_map(M) -> map_size(M).

is_empty(S) -> sets:size(S) =:= 0.

is_equal(S1, S2) -> map_of(S1) =:= map_of(S2).

to_list({set, M}) -> maps:keys(M);
to_list(M) when is_map(M) -> maps:keys(M).

is_element(E, {set, M}) -> is_map_key(E, M);
is_element(E, M) when is_map(M) -> is_map_key(E, M).

add_element(E, {set, M}) -> {set, M#{E => []}};
add_element(E, M) when is_map(M) -> M#{E => []}.

del_element(E, {set, M}) -> {set, maps:remove(E, M)};
del_element(E, M) when is_map(M) -> maps:remove(E, M).

union(S1, S2) ->
    Like =
        case sets:size(S1) < sets:size(S2) of
            true -> S2;
            false -> S1
        end,
    like(Like, maps:merge(map_of(S1), map_of(S2))).

union([S | Ss]) -> lists:foldl(fun(S1, Acc) -> union(Acc, S1) end, S, Ss);
union([]) -> new().

intersection(S1, S2) ->
    Like =
        case sets:size(S1) < sets:size(S2) of
            true -> S1;
            false -> S2
        end,
    like(Like, intersect_maps(map_of(S1), map_of(S2))).

intersect_maps(M1, M2) when map_size(M1) > map_size(M2) -> intersect_maps(M2, M1);
intersect_maps(M1, M2) -> maps:filter(fun(E, _) -> is_map_key(E, M2) end, M1).

intersection([S | Ss]) -> lists:foldl(fun(S1, Acc) -> intersection(Acc, S1) end, S, Ss).

is_disjoint(S1, S2) ->
    M1 = map_of(S1),
    M2 = map_of(S2),
    {Small, Big} =
        if
            map_size(M1) > map_size(M2) -> {M2, M1};
            true -> {M1, M2}
        end,
    not lists:any(fun(E) -> is_map_key(E, Big) end, maps:keys(Small)).

subtract(S1, S2) -> like(S1, subtract_maps(map_of(S1), map_of(S2))).

subtract_maps(M1, M2) -> maps:filter(fun(E, _) -> not is_map_key(E, M2) end, M1).

is_subset(S1, S2) ->
    M2 = map_of(S2),
    lists:all(fun(E) -> is_map_key(E, M2) end, maps:keys(map_of(S1))).

fold(F, Acc, S) when is_function(F, 2) -> lists:foldl(F, Acc, to_list(S)).

filter(F, {set, M}) when is_function(F, 1) -> {set, maps:filter(fun(E, _) -> F(E) end, M)};
filter(F, M) when is_function(F, 1), is_map(M) -> maps:filter(fun(E, _) -> F(E) end, M).

map(F, {set, M}) when is_function(F, 1) -> {set, from_list_1(lists:map(F, maps:keys(M)))};
map(F, M) when is_function(F, 1), is_map(M) -> from_list_1(lists:map(F, maps:keys(M))).

filtermap(F, {set, M}) when is_function(F, 1) ->
    {set, from_list_1(lists:filtermap(F, maps:keys(M)))};
filtermap(F, M) when is_function(F, 1), is_map(M) ->
    from_list_1(lists:filtermap(F, maps:keys(M))).

%% A set of the map's elements in the representation of Like.
like({set, _}, M) -> {set, M};
like(Like, M) when is_map(Like) -> M.

map_of({set, M}) when is_map(M) -> M;
map_of(M) when is_map(M) -> M.
