-module(proplists_mod).
-export([main/1]).

%% The proplists module.
main(_) ->
    P = [{a, 1}, b, {c, 3}, {a, 10}, {d, [x]}, {e, true}],
    io:format("~p~n", [proplists:get_value(a, P)]),
    io:format("~p~n", [proplists:get_value(zz, P)]),
    io:format("~p~n", [proplists:get_value(zz, P, default)]),
    io:format("~p~n", [proplists:get_value(b, P)]),
    io:format("~p~n", [proplists:get_all_values(a, P)]),
    io:format("~p~n", [proplists:lookup(c, P)]),
    io:format("~p~n", [proplists:lookup(zz, P)]),
    io:format("~p~n", [proplists:lookup_all(a, P)]),
    io:format("~p~n", [{proplists:is_defined(b, P), proplists:is_defined(q, P)}]),
    io:format("~p~n", [proplists:get_bool(b, P)]),
    io:format("~p~n", [proplists:get_bool(e, P)]),
    io:format("~p~n", [proplists:get_bool(c, P)]),
    io:format("~p~n", [proplists:delete(a, P)]),
    io:format("~p~n", [proplists:get_keys(P)]),
    io:format("~p~n", [proplists:compact(P)]),
    io:format("~p~n", [proplists:unfold([a, {b, 2}])]),
    io:format("~p~n", [proplists:property(c, 3)]),
    io:format("~p~n", [proplists:property({flag, true})]),
    io:format("~p~n", [proplists:to_map(P)]),
    io:format("~p~n", [proplists:from_map(#{k => v})]),
    io:format("~p~n", [proplists:substitute_aliases([{colour, color}], [{colour, red}, x])]),
    io:format("~p~n", [proplists:normalize([a, {b, true}], [])]),
    io:format("~p~n", [proplists:split([{a, 1}, {b, 2}, {c, 3}, {a, 4}], [a, c])]),
    ok.
