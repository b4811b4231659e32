-module(fmt_printable).
-export([main/1]).

%% ~p decides per list whether it is a printable string.
main(_) ->
    Cases = [[], "abc", [97, 98, 99], [97, 98, 0], [9, 10, 13], [8], [7], [11, 12], [27], [31],
             [126], [127], [128], [159], [160], [255], [256], "a\"b", "a\\b", "line\nbreak",
             [$a | "bc"], ["abc"], [[97]], [$a, 1.0], [65 | 66], "\e[0m", [$a, -1],
             lists:seq(32, 126), [200, 210, 220], "ÿ", [1114111], [16#10FFFF + 1]],
    lists:foreach(fun(C) -> io:format("~p~n", [C]) end, Cases),
    io:format("~p~n", [{"in tuple", ["in list", [nested, "deep"]]}]),
    io:format("~w~n", ["never a string with ~w"]),
    ok.
