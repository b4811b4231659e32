-module(fmt_misc).
-export([main/1]).

%% Assorted io:format behaviour: ~n, newlines inside strings, io:fwrite,
%% format strings as atoms and binaries, padding characters, ~p widths.
main(_) ->
    io:format("one~ntwo\nthree~n"),
    io:fwrite("fwrite ~p~n", [works]),
    io:format(<<"binary format ~p~n">>, [ok]),
    io:format('atom format ~p~n', [ok]),
    io:format("~p~p~p~n", [a, "b", <<"c">>]),
    io:format("~10p|~n", [abc]),
    io:format("~.5p|~n", [abc]),
    io:format("~15.3p|~n", [[1, 2, 3]]),
    io:format("~p~n", ["~p inside"]),
    io:format("~s~n", ["~n not interpreted"]),
    io:format("[~*.*.*f]~n", [12, 3, $_, 3.14159]),
    io:format("[~12.3.0f]~n", [-3.14159]),
    io:format("~w~n", [[{x, "y"}]]),
    io:format("~p ~w~n", ['hello world', 'hello world']),
    io:format(standard_io, "to standard_io ~p~n", [1]),
    io:format(user, "to user ~p~n", [2]),
    io:format("~p~n", [[{}, {{}}, [[]]]]),
    io:format("last line without newline"),
    io:format("~n"),
    ok.
