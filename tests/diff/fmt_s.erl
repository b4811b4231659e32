-module(fmt_s).
-export([main/1]).

%% ~s with strings, binaries, atoms, iolists; widths, precision, padding.
main(_) ->
    io:format("~s|~n", ["plain"]),
    io:format("~s|~n", [<<"binary">>]),
    io:format("~s|~n", [atom_value]),
    io:format("~s|~n", [["io", [$l, "is"], <<"t">>]]),
    io:format("~10s|~n", ["right"]),
    io:format("~-10s|~n", ["left"]),
    io:format("~.3s|~n", ["truncated"]),
    io:format("~10.3s|~n", ["truncated"]),
    io:format("~-10.3s|~n", ["truncated"]),
    io:format("~3s|~n", ["toolong"]),
    io:format("~10.5.*s|~n", [$*, "ab"]),
    io:format("~-10..xs|~n", ["pad"]),
    io:format("~s~s~s|~n", ["a", "b", "c"]),
    io:format("~s|~n", [""]),
    io:format("~*s|~n", [8, "star"]),
    io:format("~ts|~n", ["unicode é"]),
    io:format("~s|~n", [[<<"nested ">>, [[<<"binary">>]]]]),
    io:format("~10.2s|~n", [<<"binary">>]),
    ok.
