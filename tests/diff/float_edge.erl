-module(float_edge).
-export([main/1]).

%% Float edge cases: negative zero, tiny and huge values, conversions, rounding.
main(_) ->
    Z = -0.0,
    io:format("~p ~w ~f ~e ~g~n", [Z, Z, Z, Z, Z]),
    io:format("~p~n", [[0.0 == -0.0, 0.0 =:= -0.0, -0.0 + 0.0, 0.0 * -1]]),
    io:format("~p~n", [[1.0e-320, 4.9406564584124654e-324, 2.2250738585072009e-308]]),
    io:format("~p~n", [[1.0e300 * 1.0e8, -1.0e300 * 1.0e8, 1.0e-300 * 1.0e-30]]),
    io:format("~p~n", [[float(1 bsl 1023), float((1 bsl 1024) - (1 bsl 971))]]),
    io:format("~p~n", [try float(1 bsl 1024) catch error:R -> R end]),
    io:format("~p~n", [[round(0.49999999999999994), round(4503599627370495.5), trunc(1.0e15 + 0.5)]]),
    io:format("~p~n", [[1.0e15, 1.0e16, 123456789012345680.0, 0.000123]]),
    io:format("~p~n", [[9007199254740992.0, 9007199254740993, 9007199254740993 == 9007199254740992.0]]),
    io:format("~p~n", [[1 / 3 * 3, 0.1 * 3, 0.7 + 0.1, 4.35 * 100]]),
    io:format("~p~n", [[2.5e-5, 0.000025, 25.0e-6]]),
    io:format("~p~n", [[list_to_float("1.0e308"), list_to_float("2.5e-320")]]),
    io:format("~.20f~n", [0.1]),
    io:format("~.15e~n", [1 / 3]),
    io:format("~p~n", [float_to_list(1.0e-320, [{scientific, 5}])]),
    io:format("~p~n", [math:pow(2, 0.5)]),
    io:format("~p~n", [[X / 10 || X <- lists:seq(-5, 5)]]),
    ok.
