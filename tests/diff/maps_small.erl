-module(maps_small).
-export([main/1]).

%% Small maps: literals, update with => and :=, matching, printing order.
main(_) ->
    M = #{a => 1, b => 2, c => 3},
    io:format("~p ~w~n", [M, M]),
    M2 = M#{d => 4, a => 10},
    io:format("~p~n", [M2]),
    M3 = M2#{b := 20},
    io:format("~p~n", [M3]),
    #{a := A, c := C} = M3,
    io:format("~p ~p~n", [A, C]),
    io:format("~p~n", [#{}]),
    io:format("~p~n", [#{1 => one, 1.0 => float_one, "s" => str, {t} => tuple, [] => nil, z => atom}]),
    io:format("~p~n", [map_size(M3)]),
    io:format("~p~n", [{is_map_key(a, M), is_map_key(z, M)}]),
    io:format("~p~n", [map_get(b, M)]),
    io:format("~p~n", [try M#{zz := 1} catch error:R -> R end]),
    io:format("~p~n", [try map_get(zz, M) catch error:R2 -> R2 end]),
    io:format("~p~n", [#{k => #{nested => [1, 2]}, l => <<"bin">>}]),
    io:format("~p~n", [M =:= #{c => 3, b => 2, a => 1}]),
    io:format("~p~n", [#{1 => a} == #{1.0 => a}]),
    io:format("~p~n", [lists:sort([#{b => 1}, #{a => 2}, #{a => 1, b => 1}, #{}])]),
    io:format("~p~n", [#{b => 1, a => 2} < #{a => 1, c => 1}]),
    Key = dynamic,
    io:format("~p~n", [#{Key => value, {Key, 2} => pair}]),
    ok.
