-module(crash_undef).
-export([main/1]).

%% A call to a module that does not exist is an uncaught undef.
main(_) ->
    io:format("calling a missing module~n"),
    no_such_module_anywhere:hello(world).
