-module(bin_construct).
-export([main/1]).

%% Bit syntax construction: sizes, units, endianness, signedness, floats, truncation.
main(_) ->
    X = 16#12345678,
    io:format("~w~n", [<<X:32>>]),
    io:format("~w~n", [<<X:32/little>>]),
    io:format("~w~n", [<<X:32/big>>]),
    io:format("~w~n", [<<X:16>>]),
    io:format("~w~n", [<<-1:16>>]),
    io:format("~w~n", [<<-2:16/little-signed>>]),
    io:format("~w~n", [<<300:8>>]),
    io:format("~w~n", [<<1:1, 0:1, 1:6>>]),
    io:format("~w~n", [<<1.5:64/float>>]),
    io:format("~w~n", [<<1.5:32/float>>]),
    io:format("~w~n", [<<-0.25:64/little-float>>]),
    io:format("~w~n", [<<"abc", 0, "de">>]),
    io:format("~w~n", [<<(1 bsl 70):72>>]),
    io:format("~w~n", [<<(-(1 bsl 70)):80/little>>]),
    N = 3,
    io:format("~w~n", [<<7:N/unit:8>>]),
    Xyz = <<"xyz">>,
    io:format("~w~n", [<<Xyz/binary, <<1, 2>>/binary>>]),
    io:format("~w~n", [<<$a/utf8, 228/utf8, 8364/utf8, 128512/utf8>>]),
    io:format("~w ~w~n", [<<8364/utf16>>, <<8364/utf32-little>>]),
    Bin = <<"hello">>,
    io:format("~w~n", [<<Bin:3/binary>>]),
    io:format("~w~n", [<<1:4, 2:4, 3:8>>]),
    io:format("~w~n", [<<0:0>>]),
    io:format("~w~n", [<< <<C>> || C <- [1, 2, 3] >>]),
    io:format("~p~n", [<<65, 66:16, "C">>]),
    ok.
