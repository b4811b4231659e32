-module(io_write).
-export([main/1]).

%% io:put_chars, io:write, io:nl and friends.
main(_) ->
    io:put_chars("put_chars string\n"),
    io:put_chars(<<"put_chars binary\n">>),
    io:put_chars(["iolist ", [<<"of ">>, "parts"], $\n]),
    io:write({term, [1, 2], "s"}),
    io:nl(),
    io:write(atom),
    io:put_chars("\n"),
    io:write(<<"bin">>),
    io:nl(),
    io:write([1.5, -2]),
    io:nl(),
    io:put_chars(standard_io, "with device\n"),
    io:format("~s", [[]]),
    io:put_chars(""),
    io:put_chars(io_lib:format("via io_lib ~p~n", [ok])),
    ok.
