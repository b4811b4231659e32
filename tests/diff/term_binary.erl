-module(term_binary).
-export([main/1]).

%% term_to_binary bytes (the external term format) and binary_to_term round trips.
main(_) ->
    Terms = [0, 1, 255, 256, -1, 1 bsl 31, 1 bsl 64, -(1 bsl 64), 1 bsl 300, 1.5, -0.0,
             a, 'Hello', '', [], [1, 2, 3], "abc", [a | b], lists:seq(1, 300), {}, {a, 1},
             list_to_tuple(lists:seq(1, 300)), <<>>, <<"bin">>, <<1:3>>, #{}, #{a => 1, b => [2]},
             {deep, [{nested, #{k => {v}}}]}, fun lists:reverse/1, true, "é"],
    lists:foreach(
      fun(T) ->
              B = term_to_binary(T),
              io:format("~w~n", [B]),
              T2 = binary_to_term(B),
              io:format("~p~n", [T2 =:= T])
      end, Terms),
    Big = maps:from_list([{I, I * 2} || I <- lists:seq(1, 50)]),
    io:format("~p~n", [binary_to_term(term_to_binary(Big)) =:= Big]),
    io:format("~p~n", [byte_size(term_to_binary(Big))]),
    io:format("~p~n", [try binary_to_term(<<131, 200>>) catch error:R -> R end]),
    io:format("~p~n", [binary_to_term(<<131, 107, 0, 3, 1, 2, 3>>)]),
    io:format("~p~n", [binary_to_term(<<131, 100, 0, 2, 104, 105>>)]),
    io:format("~p~n", [binary_to_term(<<131, 119, 2, 104, 105>>)]),
    io:format("~p~n", [binary_to_term(<<131, 70, 64, 9, 33, 251, 84, 68, 45, 24>>)]),
    io:format("~p~n", [binary_to_term(<<131, 110, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1>>)]),
    io:format("~w~n", [term_to_binary({1, 2}, [compressed])]),
    io:format("~w~n", [term_to_binary(lists:duplicate(100, 0), [compressed])]),
    io:format("~p~n", [binary_to_term(term_to_binary(lists:duplicate(100, 7), [compressed]))]),
    ok.
