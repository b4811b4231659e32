-module(float_print).
-export([main/1]).

%% Shortest round-trip printing of floats by ~p, ~w and float_to_list/1.
main(_) ->
    Fs = [0.1 + 0.2, 1.0e10, 1.0e15, 1.0e16, 1.0e17, 123456789.0, 1.0e-10, 0.001, 0.0001,
          1.0e100, 1.0e-100, 5.0e-324, 1.7976931348623157e308, 2.2250738585072014e-308,
          0.0, -0.0, 1.5, -2.25, 100.0, 3.141592653589793, 2.718281828459045,
          1/3, 2/3, 10/3, 1.0e21, 1.0e22, 1.0e23, 9007199254740993.0, 0.5e-5,
          123.456, 1000000.0, 12345678.9, 0.1, 1.1, 2.5e-7, 4.35e9, 9.999999999999999e22],
    lists:foreach(fun(F) -> io:format("~p ~w~n", [F, F]) end, Fs),
    io:format("~s~n", [float_to_list(0.1)]),
    io:format("~s~n", [float_to_list(1.0e10, [short])]),
    io:format("~p~n", [[1.0, 2.5, -3.75]]),
    io:format("~p~n", [{1.0e-5, 1.0e5}]),
    ok.
