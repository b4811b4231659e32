-module(startup).
-export([main/1]).

%% Start-up cost: print one line. Only the whole-process time is meaningful.
main(_) ->
    io:format("result=hello~n"),
    io:format("time_us=0~n").
