-module(records_more).
-export([main/1]).

-record(node, {id, children = [] :: list(), meta = #{}}).
-record(config, {name = "default", opts = [], limits = {0, 100}}).

count(#node{children = Cs}) -> 1 + lists:sum([count(C) || C <- Cs]).

describe(#config{name = N, limits = {Lo, Hi}}) when Hi > Lo -> {N, Hi - Lo};
describe(#config{}) -> invalid.

%% Nested records, records in guards and comprehensions, updates of several fields.
main(_) ->
    T = #node{id = 1, children = [#node{id = 2}, #node{id = 3, children = [#node{id = 4}]}]},
    io:format("~p~n", [count(T)]),
    io:format("~p~n", [[C#node.id || C <- T#node.children]]),
    C = #config{},
    C2 = C#config{name = "custom", limits = {5, 50}},
    io:format("~p~n", [[describe(X) || X <- [C, C2, C#config{limits = {9, 1}}]]]),
    io:format("~p~n", [C2]),
    N = #node{id = x, meta = #{k => v}},
    io:format("~p~n", [N#node.meta]),
    io:format("~p~n", [record_info(size, config)]),
    io:format("~p~n", [case N of #node{id = x} -> matched; _ -> no end]),
    ok.
