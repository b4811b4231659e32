%% proplists: property lists ([{Key, Value} | Atom]), as OTP's module.
-module(proplists).

-export([property/1, property/2, unfold/1, compact/1, lookup/2, lookup_all/2,
         is_defined/2, get_value/2, get_value/3, get_all_values/2, append_values/2,
         get_bool/2, get_keys/1, delete/2, substitute_aliases/2, substitute_negations/2,
         expand/2, normalize/2, split/2, from_map/1, to_map/1]).

property({Key, true}) when is_atom(Key) -> Key;
property(Property) -> Property.

property(Key, true) when is_atom(Key) -> Key;
property(Key, Value) -> {Key, Value}.

unfold([P | Ps]) ->
    if
        is_atom(P) -> [{P, true} | unfold(Ps)];
        true -> [P | unfold(Ps)]
    end;
unfold([]) -> [].

compact(ListIn) -> [property(P) || P <- ListIn].

lookup(Key, [P | Ps]) ->
    if
        is_atom(P), P =:= Key -> {Key, true};
        tuple_size(P) >= 1, element(1, P) =:= Key -> P;
        true -> lookup(Key, Ps)
    end;
lookup(_Key, []) -> none.

lookup_all(Key, [P | Ps]) ->
    if
        is_atom(P), P =:= Key -> [{Key, true} | lookup_all(Key, Ps)];
        tuple_size(P) >= 1, element(1, P) =:= Key -> [P | lookup_all(Key, Ps)];
        true -> lookup_all(Key, Ps)
    end;
lookup_all(_Key, []) -> [].

is_defined(Key, [P | Ps]) ->
    if
        is_atom(P), P =:= Key -> true;
        tuple_size(P) >= 1, element(1, P) =:= Key -> true;
        true -> is_defined(Key, Ps)
    end;
is_defined(_Key, []) -> false.

get_value(Key, List) -> get_value(Key, List, undefined).

get_value(Key, [P | Ps], Default) ->
    if
        is_atom(P), P =:= Key -> true;
        tuple_size(P) >= 1, element(1, P) =:= Key ->
            case P of
                {_, Value} -> Value;
                _ -> Default
            end;
        true -> get_value(Key, Ps, Default)
    end;
get_value(_Key, [], Default) -> Default.

get_all_values(Key, [P | Ps]) ->
    if
        is_atom(P), P =:= Key -> [true | get_all_values(Key, Ps)];
        tuple_size(P) >= 1, element(1, P) =:= Key ->
            case P of
                {_, Value} -> [Value | get_all_values(Key, Ps)];
                _ -> get_all_values(Key, Ps)
            end;
        true -> get_all_values(Key, Ps)
    end;
get_all_values(_Key, []) -> [].

append_values(Key, [P | Ps]) ->
    if
        is_atom(P), P =:= Key -> [true | append_values(Key, Ps)];
        tuple_size(P) >= 1, element(1, P) =:= Key ->
            case P of
                {_, Value} when is_list(Value) -> Value ++ append_values(Key, Ps);
                {_, Value} -> [Value | append_values(Key, Ps)];
                _ -> append_values(Key, Ps)
            end;
        true -> append_values(Key, Ps)
    end;
append_values(_Key, []) -> [].

get_bool(Key, [P | Ps]) ->
    if
        is_atom(P), P =:= Key -> true;
        tuple_size(P) >= 1, element(1, P) =:= Key ->
            case P of
                {_, true} -> true;
                _ -> false
            end;
        true -> get_bool(Key, Ps)
    end;
get_bool(_Key, []) -> false.

get_keys(Ps) -> sets_to_list(get_keys(Ps, [])).
get_keys([P | Ps], Keys) ->
    if
        is_atom(P) -> get_keys(Ps, add_key(P, Keys));
        tuple_size(P) >= 1 -> get_keys(Ps, add_key(element(1, P), Keys));
        true -> get_keys(Ps, Keys)
    end;
get_keys([], Keys) -> Keys.
add_key(K, Keys) ->
    case lists:member(K, Keys) of
        true -> Keys;
        false -> [K | Keys]
    end.
sets_to_list(Keys) -> lists:reverse(Keys, []).

delete(Key, [P | Ps]) ->
    if
        is_atom(P), P =:= Key -> delete(Key, Ps);
        tuple_size(P) >= 1, element(1, P) =:= Key -> delete(Key, Ps);
        true -> [P | delete(Key, Ps)]
    end;
delete(_, []) -> [].

substitute_aliases(As, Props) -> [substitute_aliases_1(As, P) || P <- Props].
substitute_aliases_1([{Key, Key1} | As], P) ->
    if
        is_atom(P), P =:= Key -> property(Key1, true);
        tuple_size(P) >= 1, element(1, P) =:= Key -> property(setelement(1, P, Key1));
        true -> substitute_aliases_1(As, P)
    end;
substitute_aliases_1([], P) -> P.

substitute_negations(As, Props) -> [substitute_negations_1(As, P) || P <- Props].
substitute_negations_1([{Key, Key1} | As], P) ->
    if
        is_atom(P), P =:= Key -> property(Key1, false);
        tuple_size(P) >= 1, element(1, P) =:= Key ->
            case P of
                {_, true} -> property(Key1, false);
                {_, false} -> property(Key1, true);
                _ -> property(Key1, true)
            end;
        true -> substitute_negations_1(As, P)
    end;
substitute_negations_1([], P) -> P.

expand(Es, Ps) when is_list(Ps) ->
    Es1 = [{property(P), V} || {P, V} <- Es],
    flatten(expand_0(key_uniq(Es1), Ps)).
expand_0([{P, L} | Es], Ps) -> expand_0(Es, expand_1(P, L, Ps));
expand_0([], Ps) -> Ps.
expand_1(P, L, Ps) ->
    case property(P) of
        {Key, _} = P1 -> expand_2(Key, P1, L, Ps);
        Key -> expand_2(Key, property(Key, true), L, Ps)
    end.
expand_2(Key, P1, L, [P | Ps]) ->
    if
        is_atom(P), P =:= Key -> expand_3(Key, P1, P, L, Ps);
        tuple_size(P) >= 1, element(1, P) =:= Key -> expand_3(Key, P1, property(P), L, Ps);
        true -> [P | expand_2(Key, P1, L, Ps)]
    end;
expand_2(_, _, _, []) -> [].
expand_3(Key, P1, P, L, Ps) ->
    if
        P1 =:= P -> [L | delete(Key, Ps)];
        true -> [P | Ps]
    end.
key_uniq([{K, V} | Ps]) -> [{K, V} | key_uniq_1(K, Ps)];
key_uniq([]) -> [].
key_uniq_1(K, [{K1, V} | Ps]) ->
    if
        K =:= K1 -> key_uniq_1(K, Ps);
        true -> [{K1, V} | key_uniq_1(K1, Ps)]
    end;
key_uniq_1(_, []) -> [].
flatten([E | Es]) when is_list(E) -> E ++ flatten(Es);
flatten([E | Es]) -> [E | flatten(Es)];
flatten([]) -> [].

normalize(L, [{aliases, As} | Xs]) -> normalize(substitute_aliases(As, L), Xs);
normalize(L, [{expand, Es} | Xs]) -> normalize(expand(Es, L), Xs);
normalize(L, [{negations, Ns} | Xs]) -> normalize(substitute_negations(Ns, L), Xs);
normalize(L, []) -> compact(L).

split(List, Keys) ->
    {Store, Rest} = split(List, [{K, []} || K <- Keys], []),
    {[lists:reverse(Vs, []) || {_, Vs} <- Store], lists:reverse(Rest, [])}.
split([P | Ps], Store, Rest) ->
    if
        is_atom(P) ->
            case lists:keymember(P, 1, Store) of
                true -> split(Ps, split_store(P, P, Store), Rest);
                false -> split(Ps, Store, [P | Rest])
            end;
        tuple_size(P) >= 1 ->
            Key = element(1, P),
            case lists:keymember(Key, 1, Store) of
                true -> split(Ps, split_store(Key, P, Store), Rest);
                false -> split(Ps, Store, [P | Rest])
            end;
        true -> split(Ps, Store, [P | Rest])
    end;
split([], Store, Rest) -> {Store, Rest}.
split_store(Key, P, [{Key, Vs} | Store]) -> [{Key, [P | Vs]} | Store];
split_store(Key, P, [E | Store]) -> [E | split_store(Key, P, Store)].

from_map(Map) -> maps:to_list(Map).

to_map(List) ->
    lists:foldr(fun({K, V}, M) -> maps:put(K, V, M);
                   (K, M) when is_atom(K) -> maps:put(K, true, M);
                   (_, M) -> M
                end, #{}, List).
