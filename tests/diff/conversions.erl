-module(conversions).
-export([main/1]).

%% integer/list/binary/float conversions with bases.
main(_) ->
    io:format("~p~n", [integer_to_list(255)]),
    io:format("~p~n", [[integer_to_list(255, B) || B <- [2, 8, 16, 36]]]),
    io:format("~p~n", [integer_to_list(-1 bsl 70, 16)]),
    io:format("~p~n", [list_to_integer("-12345")]),
    io:format("~p~n", [list_to_integer("+42")]),
    io:format("~p~n", [list_to_integer("ff", 16)]),
    io:format("~p~n", [list_to_integer("FF", 16)]),
    io:format("~p~n", [list_to_integer("zz", 36)]),
    io:format("~p~n", [list_to_integer("101010", 2)]),
    io:format("~p~n", [list_to_integer("123456789012345678901234567890")]),
    io:format("~p~n", [integer_to_binary(1234)]),
    io:format("~p~n", [integer_to_binary(255, 16)]),
    io:format("~p~n", [binary_to_integer(<<"-99">>)]),
    io:format("~p~n", [binary_to_integer(<<"7f">>, 16)]),
    io:format("~p~n", [list_to_float("3.25")]),
    io:format("~p~n", [list_to_float("-1.0e-3")]),
    io:format("~p~n", [binary_to_float(<<"2.5e10">>)]),
    io:format("~p~n", [try list_to_float("3") catch error:R -> R end]),
    io:format("~p~n", [try list_to_integer("3.0") catch error:R2 -> R2 end]),
    io:format("~p~n", [try list_to_integer("") catch error:R3 -> R3 end]),
    io:format("~p~n", [float_to_list(2.5)]),
    io:format("~p~n", [float_to_binary(2.5)]),
    io:format("~p~n", [float_to_list(2.5, [{decimals, 3}])]),
    io:format("~p~n", [float_to_binary(1.0e100, [short])]),
    io:format("~p~n", [list_to_binary("abc")]),
    io:format("~p~n", [binary_to_list(<<"abc">>)]),
    io:format("~p~n", [tuple_to_list({a, b})]),
    io:format("~p~n", [list_to_tuple([a, b])]),
    io:format("~p~n", [erlang:list_to_integer("  1" -- "  ")]),
    io:format("~p~n", [number_to_list_test()]),
    io:format("~p~n", [[trunc(X) || X <- [1.9, -1.9]]]),
    io:format("~p~n", [binary_to_list(term_to_binary(abc))]),
    io:format("~p~n", [list_to_binary([256 rem 256, 1])]),
    io:format("~p~n", [try list_to_binary([256]) catch error:R4 -> R4 end]),
    ok.

number_to_list_test() ->
    [integer_to_list(N) || N <- [0, -0, 10, -10, 1 bsl 62, -(1 bsl 62)]].
