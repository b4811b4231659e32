%% Regenerates bits_cases.inc: erlc gen_bits.erl && erl -noshell -s gen_bits main -s init stop > bits_cases.inc
-module(gen_bits).
-export([main/0]).
%% Prints {kind, "value", bits, little, "bytes as hex", bitsize, "unsigned readback", "signed readback"}.
ints() -> [0, 1, -1, 5, -5, 255, 256, -256, 16#ABC, 16#123456, -16#123456, 4611686018427387903,
           -4611686018427387904, 18446744073709551615, -9223372036854775808,
           123456789012345678901234567890, -123456789012345678901234567890].
sizes() -> [1, 3, 7, 8, 12, 16, 20, 31, 32, 33, 63, 64, 65, 100, 128, 130].
hex(B) ->
    Bits = bit_size(B), Pad = (8 - Bits rem 8) rem 8,
    lists:flatten([io_lib:format("~2.16.0B", [X]) || <<X>> <= <<B/bitstring, 0:Pad>>]).
main() ->
    [begin
         B = case E of big -> <<I:S/big>>; little -> <<I:S/little>> end,
         <<U:S/unsigned-unit:1>> = B,
         {UL, SL} = case E of
                        big -> <<U2:S/unsigned>> = B, <<S2:S/signed>> = B, {U2, S2};
                        little -> <<U2:S/little-unsigned>> = B, <<S2:S/little-signed>> = B, {U2, S2}
                    end,
         _ = U,
         io:format("{\"~w\", ~w, ~w, \"~s\", ~w, \"~w\", \"~w\"},~n",
                   [I, S, E =:= little, hex(B), bit_size(B), UL, SL])
     end || I <- ints(), S <- sizes(), E <- [big, little]],
    ok.
