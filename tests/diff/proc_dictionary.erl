-module(proc_dictionary).
-export([main/1]).
main(_) ->
    put(k, main),
    Self = self(),
    spawn(fun() -> put(k, child), Self ! {child, get(k), get(other)} end),
    receive {child, V, O} -> io:format("child sees ~p ~p~n", [V, O]) end,
    io:format("main sees ~p~n", [get(k)]).
