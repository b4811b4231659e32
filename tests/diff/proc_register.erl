-module(proc_register).
-export([main/1]).
main(_) ->
    P = spawn(fun loop/0),
    true = register(server, P),
    io:format("~p~n", [whereis(server) =:= P]),
    server ! {add, 2, 3, self()},
    receive {result, R} -> io:format("~p~n", [R]) end,
    io:format("~p~n", [lists:member(server, registered())]),
    io:format("~p~n", [why(catch register(server, self()))]),
    io:format("~p~n", [why(catch nobody ! hello)]),
    true = unregister(server),
    io:format("~p~n", [whereis(server)]),
    io:format("~p~n", [why(catch unregister(server))]),
    register(me, self()),
    me ! hi,
    receive hi -> io:format("to myself~n") end,
    P ! stop,
    Self = self(),
    Q = spawn(fun() -> register(temp, self()), Self ! registered, receive stop -> ok end end),
    receive registered -> ok end,
    io:format("~p~n", [whereis(temp) =:= Q]),
    QRef = monitor(process, Q),
    Q ! stop,
    receive {'DOWN', QRef, process, Q, normal} -> ok end,
    io:format("~p~n", [whereis(temp)]).
loop() ->
    receive
        {add, A, B, From} -> From ! {result, A + B}, loop();
        stop -> ok
    end.
why({'EXIT', {R, [_ | _]}}) -> {'EXIT', R};
why(X) -> X.
