-module(number_literals).
-export([main/1]).

%% Literal syntax for numbers and characters.
main(_) ->
    io:format("~p~n", [[16#FF, 16#ff, 2#1010, 8#17, 36#Z, 3#210]]),
    io:format("~p~n", [[1_000_000, 16#FF_FF, 2#1111_0000]]),
    io:format("~p~n", [[1.0e3, 1.5E-3, 2.0e+2, 0.5, 1_0.0_1]]),
    io:format("~p~n", [[$a, $A, $0, $\n, $\t, $\s, $\\, $', $", $\e, $\d, $\b]]),
    io:format("~p~n", [[$\x7f, $\x{100}, $\101, $\7, $\^G, $\^z]]),
    io:format("~p~n", [[-0, -1, - 1, +1]]),
    io:format("~p~n", [[123456789012345678901234567890, -98765432109876543210]]),
    io:format("~p~n", [16#123456789ABCDEF0123456789]),
    io:format("~p~n", [[1.0, 1.00, 10.0, 100.0e-2]]),
    io:format("~p~n", ["\x41\x{42}\103"]),
    ok.
