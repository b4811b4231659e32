%% Processes on one node: a pool of workers computes in parallel, get_result/1
%% collects what each one returned, and a failing one stays alone in its failure.
-module(workers).
-export([main/1]).

main(_) ->
    Jobs = [{fib, 25}, {fib, 27}, {fac, 30}, {crash, 0}, {fib, 20}],
    Pids = [{Job, spawn(fun() -> run(Job) end)} || Job <- Jobs],
    [io:format("~-12w -> ~p~n", [Job, get_result(Pid)]) || {Job, Pid} <- Pids],
    %% A ring of 10,000 processes passing a counter around once.
    Self = self(),
    First = lists:foldl(fun(_, Next) -> spawn(fun() -> relay(Next) end) end, Self,
                        lists:seq(1, 10000)),
    First ! 0,
    receive Hops -> io:format("token came back after ~p hops~n", [Hops]) end.

run({fib, N}) -> fib(N);
run({fac, N}) -> fac(N);
run({crash, X}) -> exit({bad_input, X}).

relay(Next) -> receive N -> Next ! N + 1 end.

fib(N) when N < 2 -> N;
fib(N) -> fib(N - 1) + fib(N - 2).

fac(0) -> 1;
fac(N) -> N * fac(N - 1).
