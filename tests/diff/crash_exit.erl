-module(crash_exit).
-export([main/1]).

%% exit/1 with a non-normal reason fails the program.
main(_) ->
    io:format("exiting~n"),
    exit({shutdown_reason, 42}).
