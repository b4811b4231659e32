-module(strings_lists).
-export([main/1]).

%% Strings are lists of character codes; printing depends on printability.
main(_) ->
    S = "hello",
    io:format("~p ~w ~s~n", [S, S, S]),
    io:format("~p~n", [[104, 105]]),
    io:format("~p~n", [[104, 105, 0]]),
    io:format("~p~n", [[$a, $\n, $\t, $"]]),
    io:format("~p~n", ["tab\there \"quoted\" back\\slash"]),
    io:format("~p~n", [[7, 8, 9, 10, 11, 12, 13, 27]]),
    io:format("~p~n", [[127]]),
    io:format("~p~n", [[200, 201]]),
    io:format("~p~n", [[1000]]),
    io:format("~p~n", [""]),
    io:format("~p~n", [["abc", "def", [], "g"]]),
    io:format("~p~n", [{"string", 'atom', <<"bin">>}]),
    io:format("~p~n", [S ++ " world"]),
    io:format("~p~n", [lists:reverse(S)]),
    io:format("~p~n", [[C - 32 || C <- S]]),
    io:format("~p~n", [$a + 1]),
    io:format("~p~n", [[$\s, $\e, $\d, $\0]]),
    io:format("~p~n", [[$\x41, $\101, $\^A]]),
    io:format("~p~n", [["a" < "b", "abc" < "abd", "ab" < "abc"]]),
    ok.
