-module(crash_badmatch).
-export([main/1]).

%% An uncaught error ends the program with a non-zero exit status; the output
%% printed before the crash must still appear.
main(_) ->
    io:format("before the crash~n"),
    {ok, _} = id({error, nope}),
    io:format("never printed~n").

id(X) -> X.
