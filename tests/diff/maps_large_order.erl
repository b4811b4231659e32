-module(maps_large_order).
-export([main/1]).

%% A map above 32 keys: maps:keys/values/to_list list it in one order, while
%% fold, foreach, map, filter, filtermap, iterators and printing walk it in the
%% other, as erl does. Keys are integers, strings and tuples of them, whose hash
%% is the same as erl's (atom, pid and fun keys hash by node-private words).
main(_) ->
    Big = maps:from_list([{I * 7, I} || I <- lists:seq(1, 40)]),
    Mixed = maps:from_list([{I, I} || I <- lists:seq(1, 30)] ++
                           [{"s", 1}, {{7, 1}, 2}, {<<"b">>, 3}, {1.5, 4}, {[1, 2], 5}]),
    Small = maps:from_list([{I, I} || I <- lists:seq(1, 5)]),
    lists:foreach(fun show/1, [Big, Mixed, Small]).

show(X) ->
    io:format("keys ~w~n", [maps:keys(X)]),
    io:format("values ~w~n", [maps:values(X)]),
    io:format("to_list ~w~n", [maps:to_list(X)]),
    io:format("fold ~w~n", [maps:fold(fun(K, _, A) -> [K | A] end, [], X)]),
    maps:foreach(fun(K, _) -> io:format("~w ", [K]) end, X),
    io:nl(),
    _ = maps:map(fun(K, V) -> io:format("~w ", [K]), V end, X),
    io:nl(),
    _ = maps:filter(fun(K, _) -> io:format("~w ", [K]), true end, X),
    io:nl(),
    _ = maps:filtermap(fun(K, _) -> io:format("~w ", [K]), true end, X),
    io:nl(),
    io:format("iter ~w~n", [iter(maps:next(maps:iterator(X)))]),
    io:format("~w~n", [X]),
    io:format("~p~n", [X]).

iter(none) -> [];
iter({K, _, I}) -> [K | iter(maps:next(I))].
