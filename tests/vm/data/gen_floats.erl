%% Regenerates float_cases.inc: erlc gen_floats.erl && erl -noshell -s gen_floats main -s init stop > float_cases.inc
-module(gen_floats).
-export([main/0]).
%% Prints {bits, "~w text", "float_to_list text"} for edge cases and pseudo-random doubles.
edge() -> [0.0, -0.0, 1.0, -1.0, 0.1, 0.5, 100.0, 1000.0, 1.0e15, 1.0e16, 1.0e-4, 0.001, 0.0001,
           1.2e-4, 0.30000000000000004, -1.5e-7, 1.2345678901234568e17, 123456.0, 1234567.0,
           5.0e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 9007199254740992.0,
           9007199254740993.0, 1.0e21, 1.0e22, 1.0e23, 123.456, 3.141592653589793, 2.718281828459045,
           0.1 + 0.2, 1/3, 2/3, 1.0e100, 1.0e-100, 12345.678, 0.012, 0.0012, 100.5, 99999.0,
           999999999999999.9, 10.0, 1.0e2, 1.5e300, 4.0e-320].
bits(F) -> <<B:64>> = <<F/float>>, B.
rand_floats(0, _, Acc) -> Acc;
rand_floats(N, S, Acc) ->
    S1 = (S * 6364136223846793005 + 1442695040888963407) band 16#FFFFFFFFFFFFFFFF,
    case <<S1:64>> of
        <<_:1, 2047:11, _:52>> -> rand_floats(N, S1, Acc);
        <<F/float>> -> rand_floats(N - 1, S1, [F | Acc])
    end.
%% Doubles with few significant digits, at every decimal magnitude.
decimal_floats() ->
    [M * math:pow(10, E) || M <- [1.0, 1.5, 12.0, 123.0, 9.5], E <- lists:seq(-25, 25)].
main() ->
    Fs = edge() ++ decimal_floats() ++ rand_floats(300, 42, []),
    [io:format("{0x~.16bULL, \"~w\", \"~s\"},~n", [bits(F), F, float_to_list(F)]) || F <- Fs],
    ok.
