%% maps: the functions that take funs or are built from the native ones. get, find,
%% put, update, remove, take, keys, values, to_list, from_list, from_keys, size, new,
%% merge and is_key are native BIFs (called here as maps:F(...)).
-module(maps).

-export([map/2, filter/2, filtermap/2, fold/3, foreach/2, with/2, without/2,
         update_with/3, update_with/4, groups_from_list/2, groups_from_list/3,
         merge_with/3, intersect/2, intersect_with/3, iterator/1, next/1]).

%% [{K, V}] in the order folds and iterators walk a map: for a map above 32 keys
%% that is to_list's order reversed, in erl as here; smaller maps are sorted.
iteration_list(Map) ->
    case maps:size(Map) > 32 of
        true -> lists:reverse(maps:to_list(Map));
        false -> maps:to_list(Map)
    end.

error_type(M) when is_map(M) -> badarg;
error_type(V) -> {badmap, V}.

map(Fun, Map) when is_function(Fun, 2), is_map(Map) ->
    maps:from_list([{K, Fun(K, V)} || {K, V} <- iteration_list(Map)]);
map(Fun, Map) -> erlang:error(error_type(Map), [Fun, Map]).

filter(Pred, Map) when is_function(Pred, 2), is_map(Map) ->
    maps:from_list([{K, V} || {K, V} <- iteration_list(Map), Pred(K, V)]);
filter(Pred, Map) -> erlang:error(error_type(Map), [Pred, Map]).

filtermap(Fun, Map) when is_function(Fun, 2), is_map(Map) ->
    maps:from_list(filtermap_1(Fun, iteration_list(Map)));
filtermap(Fun, Map) -> erlang:error(error_type(Map), [Fun, Map]).
filtermap_1(Fun, [{K, V} | T]) ->
    case Fun(K, V) of
        true -> [{K, V} | filtermap_1(Fun, T)];
        {true, NewV} -> [{K, NewV} | filtermap_1(Fun, T)];
        false -> filtermap_1(Fun, T)
    end;
filtermap_1(_Fun, []) -> [].

fold(Fun, Init, Map) when is_function(Fun, 3), is_map(Map) ->
    fold_1(Fun, Init, iteration_list(Map));
fold(Fun, Init, Map) -> erlang:error(error_type(Map), [Fun, Init, Map]).
fold_1(Fun, Acc, [{K, V} | T]) -> fold_1(Fun, Fun(K, V, Acc), T);
fold_1(_Fun, Acc, []) -> Acc.

foreach(Fun, Map) when is_function(Fun, 2), is_map(Map) ->
    foreach_1(Fun, iteration_list(Map));
foreach(Fun, Map) -> erlang:error(error_type(Map), [Fun, Map]).
foreach_1(Fun, [{K, V} | T]) ->
    Fun(K, V),
    foreach_1(Fun, T);
foreach_1(_Fun, []) -> ok.

with(Ks, Map) when is_list(Ks), is_map(Map) ->
    maps:from_list(with_1(Ks, Map));
with(Ks, M) -> erlang:error(error_type(M), [Ks, M]).
with_1([K | Ks], Map) ->
    case maps:find(K, Map) of
        {ok, V} -> [{K, V} | with_1(Ks, Map)];
        error -> with_1(Ks, Map)
    end;
with_1([], _Map) -> [].

without(Ks, Map) when is_list(Ks), is_map(Map) ->
    without_1(Ks, Map);
without(Ks, M) -> erlang:error(error_type(M), [Ks, M]).
without_1([K | Ks], Map) -> without_1(Ks, maps:remove(K, Map));
without_1([], Map) -> Map.

update_with(Key, Fun, Map) when is_function(Fun, 1), is_map(Map) ->
    case maps:find(Key, Map) of
        {ok, Val} -> maps:update(Key, Fun(Val), Map);
        error -> erlang:error({badkey, Key}, [Key, Fun, Map])
    end;
update_with(Key, Fun, Map) -> erlang:error(error_type(Map), [Key, Fun, Map]).

update_with(Key, Fun, Init, Map) when is_function(Fun, 1), is_map(Map) ->
    case maps:find(Key, Map) of
        {ok, Val} -> maps:update(Key, Fun(Val), Map);
        error -> maps:put(Key, Init, Map)
    end;
update_with(Key, Fun, Init, Map) -> erlang:error(error_type(Map), [Key, Fun, Init, Map]).

groups_from_list(Fun, List) when is_function(Fun, 1) ->
    groups_from_list(Fun, fun(X) -> X end, List);
groups_from_list(Fun, List) -> erlang:error(badarg, [Fun, List]).

groups_from_list(Fun, ValueFun, List) when is_function(Fun, 1), is_function(ValueFun, 1) ->
    Acc = lists:foldl(fun(Elem, M) ->
                              Key = Fun(Elem),
                              Value = ValueFun(Elem),
                              case maps:find(Key, M) of
                                  {ok, Vs} -> maps:put(Key, [Value | Vs], M);
                                  error -> maps:put(Key, [Value], M)
                              end
                      end, #{}, List),
    map(fun(_K, Vs) -> lists:reverse(Vs, []) end, Acc);
groups_from_list(Fun, ValueFun, List) -> erlang:error(badarg, [Fun, ValueFun, List]).

merge_with(Combiner, Map1, Map2) when is_map(Map1), is_map(Map2), is_function(Combiner, 3) ->
    fold(fun(K, V2, Acc) ->
                 case maps:find(K, Acc) of
                     {ok, V1} -> maps:put(K, Combiner(K, V1, V2), Acc);
                     error -> maps:put(K, V2, Acc)
                 end
         end, Map1, Map2);
merge_with(Combiner, Map1, Map2) ->
    erlang:error(error_type_merge_with(Map1, Map2, Combiner), [Combiner, Map1, Map2]).

error_type_merge_with(Map1, _Map2, _Combiner) when not is_map(Map1) -> {badmap, Map1};
error_type_merge_with(_Map1, Map2, _Combiner) when not is_map(Map2) -> {badmap, Map2};
error_type_merge_with(_Map1, _Map2, _Combiner) -> badarg.

intersect(Map1, Map2) when is_map(Map1), is_map(Map2) ->
    intersect_with(fun(_K, _V1, V2) -> V2 end, Map1, Map2);
intersect(Map1, Map2) -> erlang:error(error_type_merge_with(Map1, Map2, ok), [Map1, Map2]).

intersect_with(Combiner, Map1, Map2) when is_map(Map1), is_map(Map2), is_function(Combiner, 3) ->
    maps:from_list([{K, Combiner(K, V1, V2)} || {K, V1} <- maps:to_list(Map1),
                                                 {ok, V2} <- [maps:find(K, Map2)]]);
intersect_with(Combiner, Map1, Map2) ->
    erlang:error(error_type_merge_with(Map1, Map2, Combiner), [Combiner, Map1, Map2]).

%% An iterator is the list of pairs still to visit.
iterator(Map) when is_map(Map) -> {pfun_map_iterator, iteration_list(Map)};
iterator(M) -> erlang:error({badmap, M}, [M]).

next({pfun_map_iterator, [{K, V} | T]}) -> {K, V, {pfun_map_iterator, T}};
next({pfun_map_iterator, []}) -> none;
next(Iter) -> erlang:error(badarg, [Iter]).
