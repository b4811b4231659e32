-module(maps_large).
-export([main/1]).

%% Maps beyond 32 keys (a different internal representation in erl): build, update,
%% look up, delete; printed only through sorted lists since print order differs.
main(_) ->
    M = maps:from_list([{K, K * K} || K <- lists:seq(1, 100)]),
    io:format("~p~n", [map_size(M)]),
    io:format("~p~n", [lists:sort(maps:to_list(M))]),
    M2 = lists:foldl(fun(K, Acc) -> maps:remove(K, Acc) end, M, lists:seq(1, 100, 2)),
    io:format("~p~n", [map_size(M2)]),
    io:format("~p~n", [lists:sort(maps:keys(M2))]),
    io:format("~p~n", [lists:sum(maps:values(M2))]),
    M3 = M2#{1000 => big, atom => 1, "str" => 2},
    io:format("~p~n", [{maps:get(1000, M3), maps:get(50, M3), maps:get(51, M3, none)}]),
    #{atom := V, 2 := Sq} = M3,
    io:format("~p ~p~n", [V, Sq]),
    Strs = maps:from_list([{integer_to_list(I), I} || I <- lists:seq(1, 40)]),
    io:format("~p~n", [lists:sort(maps:to_list(Strs))]),
    io:format("~p~n", [maps:get("33", Strs)]),
    Small = maps:from_list([{K, K} || K <- lists:seq(1, 40)]),
    Shrunk = maps:filter(fun(K, _) -> K =< 5 end, Small),
    io:format("~p~n", [Shrunk]),
    io:format("~p~n", [M =:= maps:from_list(lists:reverse(maps:to_list(M)))]),
    io:format("~p~n", [maps:fold(fun(K, Val, Acc) -> K + Val + Acc end, 0, M)]),
    Upd = maps:map(fun(_K, Val) -> Val + 1 end, M),
    io:format("~p~n", [lists:sublist(lists:sort(maps:to_list(Upd)), 5)]),
    ok.
