%% dict: key-value dictionaries compared by matching (=:=: 1 and 1.0 are
%% different keys), as the documented module.
%%
%% Representation: {dict, Map}. erl's is an internal hash-table record, so a
%% dictionary prints differently here; it is internal in both (print
%% lists:sort(dict:to_list(D)) instead), and the order of to_list/1, fetch_keys/1
%% and fold/3 is unspecified in both. Errors follow the documented contract:
%% fetch/2 and update/3 of a missing key raise badarg.
-module(dict).

-export([new/0, is_key/2, to_list/1, from_list/1, size/1, is_empty/1, fetch/2, find/2,
         fetch_keys/1, erase/2, take/2, store/3, append/3, append_list/3, update/3,
         update/4, update_counter/3, fold/3, map/2, filter/2, merge/3]).

new() -> {dict, #{}}.

is_key(Key, {dict, M}) -> is_map_key(Key, M).

to_list({dict, M}) -> maps:to_list(M).

from_list(L) ->
    case L of
        [] -> new();
        [_ | _] -> {dict, maps:from_list(L)}
    end.

size({dict, M}) -> map_size(M).

is_empty({dict, M}) -> map_size(M) =:= 0.

fetch(Key, {dict, M} = D) ->
    case M of
        #{Key := Value} -> Value;
        #{} -> erlang:error(badarg, [Key, D])
    end.

find(Key, {dict, M}) ->
    case M of
        #{Key := Value} -> {ok, Value};
        #{} -> error
    end.

fetch_keys({dict, M}) -> maps:keys(M).

erase(Key, {dict, M}) -> {dict, maps:remove(Key, M)}.

take(Key, {dict, M}) ->
    case M of
        #{Key := Value} -> {Value, {dict, maps:remove(Key, M)}};
        #{} -> error
    end.

store(Key, Value, {dict, M}) -> {dict, M#{Key => Value}}.

append(Key, Value, {dict, M}) ->
    case M of
        #{Key := Old} -> {dict, M#{Key := Old ++ [Value]}};
        #{} -> {dict, M#{Key => [Value]}}
    end.

append_list(Key, Values, {dict, M}) ->
    case M of
        #{Key := Old} -> {dict, M#{Key := Old ++ Values}};
        #{} -> {dict, M#{Key => Values}}
    end.

update(Key, Fun, {dict, M} = D) ->
    case M of
        #{Key := Old} -> {dict, M#{Key := Fun(Old)}};
        #{} -> erlang:error(badarg, [Key, Fun, D])
    end.

update(Key, Fun, Initial, {dict, M}) ->
    case M of
        #{Key := Old} -> {dict, M#{Key := Fun(Old)}};
        #{} -> {dict, M#{Key => Initial}}
    end.

update_counter(Key, Incr, {dict, M}) when is_number(Incr) ->
    case M of
        #{Key := Old} -> {dict, M#{Key := Old + Incr}};
        #{} -> {dict, M#{Key => Incr}}
    end.

fold(F, Acc, {dict, M}) when is_function(F, 3) ->
    lists:foldl(fun({K, V}, A) -> F(K, V, A) end, Acc, maps:to_list(M)).

map(F, {dict, M}) when is_function(F, 2) -> {dict, maps:map(F, M)}.

filter(F, {dict, M}) when is_function(F, 2) -> {dict, maps:filter(F, M)}.

merge(F, {dict, M1}, {dict, M2}) when is_function(F, 3) ->
    {dict,
     maps:fold(fun(K, V2, Acc) ->
                       case Acc of
                           #{K := V1} -> Acc#{K := F(K, V1, V2)};
                           #{} -> Acc#{K => V2}
                       end
               end,
               M1, M2)}.
