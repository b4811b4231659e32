-module(crash_throw).
-export([main/1]).

%% An uncaught throw also fails the program.
main(_) ->
    io:format("throwing~n"),
    lists:foreach(fun(X) -> io:format("~p~n", [X]), X < 3 orelse throw({too_big, X}) end,
                  [1, 2, 3, 4, 5]).
