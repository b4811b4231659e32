%% Regenerates float_bits_cases.inc: erlc gen_floatbits.erl && erl -noshell -s gen_floatbits main -s init stop > float_bits_cases.inc
-module(gen_floatbits).
-export([main/0]).
hex(B) -> lists:flatten([io_lib:format("~2.16.0B", [X]) || <<X>> <= B]).
main() ->
    [io:format("{~s, ~w, ~w, \"~s\"},~n", [io_lib:format("~w", [F]), S, E =:= little,
        hex(case E of big -> <<F:S/float>>; little -> <<F:S/float-little>> end)])
     || F <- [0.0, -0.0, 1.0, 1.5, -2.25, 0.1, 1.0e300, 1.0e-300, 65504.0, 70000.0, 3.4028234663852886e38, 1.0e-7, 6.0e-8],
        S <- [16, 32, 64], E <- [big, little]],
    ok.
