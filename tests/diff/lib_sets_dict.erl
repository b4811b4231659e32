-module(lib_sets_dict).
-export([main/1]).

%% sets (classic and version 2) and dict. Classic sets and dicts have internal
%% representations, so only their contents are printed (sorted); version 2 sets
%% are maps and are printed raw.
main(_) ->
    S1 = sets:from_list([c, a, b, a, 1, 1.0]),
    S2 = sets:add_element(d, sets:add_element(b, sets:new())),
    L = fun(S) -> exact_sort(sets:to_list(S)) end,
    io:format("~p ~p~n", [L(S1), L(S2)]),
    io:format("~p ~p ~p~n", [sets:size(S1), sets:is_set(S1), sets:is_set([a])]),
    io:format("~p ~p ~p~n", [sets:is_element(1.0, S1), sets:is_element(z, S1),
                             sets:is_empty(sets:new())]),
    io:format("~p~n", [L(sets:del_element(a, S1))]),
    io:format("~p~n", [L(sets:union(S1, S2))]),
    io:format("~p~n", [L(sets:union([S1, S2, sets:from_list([q])]))]),
    io:format("~p~n", [L(sets:intersection(S1, S2))]),
    io:format("~p~n", [L(sets:intersection([S1, S2, sets:from_list([b, c])]))]),
    io:format("~p~n", [L(sets:subtract(S1, S2))]),
    io:format("~p ~p~n", [sets:is_disjoint(S1, S2), sets:is_disjoint(S2, sets:from_list([x]))]),
    io:format("~p ~p~n", [sets:is_subset(sets:from_list([a, b]), S1), sets:is_subset(S2, S1)]),
    io:format("~p~n", [exact_sort(sets:fold(fun(E, A) -> [E | A] end, [], S1))]),
    io:format("~p~n", [L(sets:filter(fun is_atom/1, S1))]),
    V0 = sets:new([{version, 2}]),
    V1 = sets:add_element(3, sets:add_element(1, V0)),
    io:format("~p ~p~n", [V0, V1]),
    V2 = sets:from_list([x, y, z, 1], [{version, 2}]),
    io:format("~p~n", [V2]),
    io:format("~p~n", [sets:union(V1, V2)]),
    io:format("~p~n", [sets:intersection(V2, sets:from_list([y, z, w], [{version, 2}]))]),
    io:format("~p~n", [sets:subtract(V2, V1)]),
    io:format("~p~n", [sets:del_element(x, V2)]),
    io:format("~p~n", [sets:filter(fun is_atom/1, V2)]),
    io:format("~p ~p ~p~n", [sets:to_list(V2), sets:size(V2), sets:is_element(y, V2)]),
    io:format("~p~n", [sets:is_set(V2)]),
    %% dict
    D0 = dict:from_list([{a, 1}, {b, 2}, {c, 3}, {a, 4}]),
    DL = fun(D) -> lists:sort(dict:to_list(D)) end,
    io:format("~p~n", [DL(D0)]),
    D1 = dict:store(d, 5, D0),
    io:format("~p ~p ~p~n", [dict:fetch(d, D1), dict:find(b, D1), dict:find(z, D1)]),
    io:format("~p ~p ~p~n", [dict:is_key(a, D1), dict:size(D1), dict:is_empty(dict:new())]),
    io:format("~p~n", [lists:sort(dict:fetch_keys(D1))]),
    io:format("~p~n", [DL(dict:erase(a, D1))]),
    {V, D2} = dict:take(b, D1),
    io:format("~p ~p ~p~n", [V, DL(D2), dict:take(zz, D1)]),
    D3 = dict:append(l, 2, dict:append(l, 1, dict:new())),
    io:format("~p~n", [DL(dict:append_list(l, [3, 4], D3))]),
    io:format("~p~n", [DL(dict:update(a, fun(X) -> X * 100 end, D1))]),
    io:format("~p~n", [DL(dict:update(q, fun(X) -> X end, init, D1))]),
    io:format("~p~n", [DL(dict:update_counter(n, 2, dict:update_counter(a, 10, D1)))]),
    io:format("~p~n", [lists:sort(dict:fold(fun(K, X, A) -> [{X, K} | A] end, [], D1))]),
    io:format("~p~n", [DL(dict:map(fun(_, X) -> X * 2 end, D1))]),
    io:format("~p~n", [DL(dict:filter(fun(_, X) -> X > 3 end, D1))]),
    io:format("~p~n", [DL(dict:merge(fun(_, X, Y) -> X + Y end, D1, dict:from_list([{a, 100}, {z, 0}])))]),
    io:format("~p~n", [DL(dict:from_list([{1, int}, {1.0, float}]))]),
    Err = fun(F) -> try F() catch C:R -> {C, R} end end,
    io:format("~p~n", [Err(fun() -> dict:fetch(zz, D1) end)]),
    io:format("~p~n", [Err(fun() -> dict:update(zz, fun(X) -> X end, D1) end)]),
    io:format("~p~n", [Err(fun() -> dict:update_counter(a, x, D1) end)]),
    io:format("~p~n", [Err(fun() -> dict:append(a, 1, D1) end)]),
    io:format("~p~n", [Err(fun() -> sets:new([{version, 3}]) end)]).

%% Term order, with an integer before the float equal to it (lists:sort keeps
%% their order of arrival, which is each implementation's own).
exact_sort(L) -> lists:sort(fun(A, B) -> {A, is_float(A)} =< {B, is_float(B)} end, L).
