-module(fmt_w).
-export([main/1]).

%% ~w writes terms without line breaks or string detection; ~W and ~P limit depth.
main(_) ->
    T = {a, "str", [1, 2, [3]], <<"bin">>, #{k => [v]}, 1.5, -7, 'Quoted Atom', [a | b]},
    io:format("~w~n", [T]),
    io:format("~w~n", [lists:seq(1, 50)]),
    io:format("~w~n", [[{I, I * I} || I <- lists:seq(1, 20)]]),
    io:format("~W~n", [T, 3]),
    io:format("~P~n", [T, 3]),
    io:format("~W~n", [lists:seq(1, 20), 5]),
    io:format("~P~n", [[{a, [b, [c, [d, [e]]]]}], 4]),
    io:format("~20w|~n", [abc]),
    io:format("~-20w|~n", [abc]),
    io:format("~3w|~n", [abcdef]),
    io:format("~w ~w ~w~n", [<<1:3>>, <<>>, [<<1>>]]),
    io:format("~w~n", [{[], {}, #{}, <<>>, ""}]),
    ok.
