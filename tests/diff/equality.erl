-module(equality).
-export([main/1]).

%% == versus =:= (and /= versus =/=) on numbers and inside structures.
main(_) ->
    Pairs = [{1, 1.0}, {1, 1}, {0, 0.0}, {0.0, -0.0}, {[1], [1.0]}, {{1, 2}, {1.0, 2}},
             {#{a => 1}, #{a => 1.0}}, {a, a}, {"ab", [97, 98]}, {<<"a">>, "a"},
             {1 bsl 64, float(1 bsl 64)}, {<<1>>, <<1>>}],
    lists:foreach(
      fun({A, B}) ->
              io:format("~p ~p: ~p ~p ~p ~p~n", [A, B, A == B, A =:= B, A /= B, A =/= B])
      end, Pairs),
    M = #{1 => int, 1.0 => float},
    io:format("~p ~p~n", [maps:get(1, M), maps:get(1.0, M)]),
    io:format("~p~n", [lists:member(1.0, [1])]),
    io:format("~p~n", [lists:keyfind(1.0, 1, [{1, x}])]),
    io:format("~p~n", [[1, 2, 3] -- [2.0]]),
    case 1.0 of 1 -> io:format("matched int~n"); _ -> io:format("no match~n") end,
    ok.
