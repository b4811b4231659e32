-module(int_bignum).
-export([main/1]).

fact(0) -> 1;
fact(N) -> N * fact(N - 1).

pow(_, 0) -> 1;
pow(B, E) -> B * pow(B, E - 1).

%% Bignum arithmetic: every operator, mixed with small integers, signs.
main(_) ->
    F50 = fact(50),
    io:format("~w~n", [F50]),
    F30 = fact(30),
    io:format("~w~n", [F50 div F30]),
    io:format("~w~n", [F50 rem (F30 + 7)]),
    io:format("~w~n", [-F50 div (F30 + 7)]),
    io:format("~w~n", [-F50 rem (F30 + 7)]),
    io:format("~w~n", [F50 div -(F30 + 7)]),
    io:format("~w~n", [F50 rem -(F30 + 7)]),
    io:format("~w~n", [F50 - F50]),
    io:format("~w~n", [F50 - F50 - 1]),
    io:format("~w~n", [F30 * F30 * -1]),
    P = pow(2, 200),
    io:format("~w~n", [P]),
    io:format("~w~n", [P - 1]),
    io:format("~w~n", [P + P]),
    io:format("~w~n", [-P]),
    io:format("~w~n", [abs(-P)]),
    io:format("~w~n", [P div 3]),
    io:format("~w~n", [P rem 3]),
    io:format("~w~n", [(P * 3) div P]),
    io:format("~w~n", [pow(-3, 101)]),
    io:format("~w~n", [pow(10, 40) div pow(10, 20)]),
    io:format("~w ~w~n", [P > F50, F50 > P]),
    io:format("~w~n", [lists:sum([pow(7, N) || N <- lists:seq(1, 60)])]),
    io:format("~w~n", [18446744073709551616 - 18446744073709551615]),
    io:format("~w~n", [9223372036854775807 + 1]),
    io:format("~w~n", [-9223372036854775808 - 1]),
    io:format("~w~n", [4294967296 * 4294967296]),
    ok.
