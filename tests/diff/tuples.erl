-module(tuples).
-export([main/1]).

%% Tuples: construction, access, update, conversion, nesting.
main(_) ->
    T = {a, 1, "two", {3, 4.0}, [5]},
    io:format("~p ~w~n", [T, T]),
    io:format("~p~n", [{element(1, T), element(4, T), tuple_size(T), size(T)}]),
    T2 = setelement(2, T, changed),
    io:format("~p~n", [T2]),
    io:format("~p~n", [tuple_to_list(T2)]),
    io:format("~p~n", [list_to_tuple([x, y, z])]),
    io:format("~p~n", [{}]),
    io:format("~p~n", [{{}}]),
    io:format("~p~n", [erlang:make_tuple(4, z)]),
    io:format("~p~n", [erlang:make_tuple(5, 0, [{2, a}, {4, b}])]),
    io:format("~p~n", [erlang:append_element({1, 2}, 3)]),
    io:format("~p~n", [erlang:insert_element(2, {1, 3}, 2)]),
    io:format("~p~n", [erlang:delete_element(1, {gone, 2, 3})]),
    io:format("~p~n", [try element(9, T) catch error:R -> R end]),
    io:format("~p~n", [try setelement(0, T, x) catch error:R2 -> R2 end]),
    Big = list_to_tuple(lists:seq(1, 300)),
    io:format("~p ~p~n", [tuple_size(Big), element(300, Big)]),
    {A, {B, C}, _} = {1, {2, 3}, 4},
    io:format("~p~n", [A + B + C]),
    io:format("~p~n", [[{1, 2} < {1, 3}, {2} < {1, 1}]]),
    ok.
