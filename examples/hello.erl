-module(hello).
-export([main/1]).

%% The smallest pfun program: `pfun run examples/hello.erl`.
main(_Args) ->
    io:format("Hello from pfun!~n").
