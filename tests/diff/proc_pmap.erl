-module(proc_pmap).
-export([main/1]).
main(_) ->
    io:format("~p~n", [pmap(fun(X) -> fib(X) end, lists:seq(1, 20))]),
    io:format("~p~n", [pmap(fun(X) -> X * 2 end, [])]).
pmap(F, L) ->
    Self = self(),
    Refs = [begin R = make_ref(), spawn(fun() -> Self ! {R, F(X)} end), R end || X <- L],
    [receive {R, V} -> V end || R <- Refs].
fib(N) when N < 2 -> N;
fib(N) -> fib(N - 1) + fib(N - 2).
