-module(self_send).
-export([main/1]).

%% Sending to self and receiving (the mailbox of the main process).
main(_) ->
    self() ! hello,
    self() ! {data, 42},
    receive {data, X} -> io:format("~p~n", [X]) end,
    receive Msg -> io:format("~p~n", [Msg]) end,
    R = receive _ -> got after 10 -> timeout end,
    io:format("~p~n", [R]),
    ok.
