%% Node b of the cluster test: registers `echo`, prints its node name, and echoes
%% {From, Msg} as {echoed, node(), self(), Msg} until killed.
-module(server).
-export([main/1]).

main(_) ->
    register(echo, self()),
    io:format("~s~n", [atom_to_list(node())]),
    loop().

loop() ->
    receive
        {From, Msg} ->
            From ! {echoed, node(), self(), Msg},
            loop()
    end.
