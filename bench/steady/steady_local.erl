%% A copy of steady_work.erl under another name: node B of bench/steady.sh compiles
%% it from its own directory (code loaded by name, not shipped).
-module(steady_local).
-export([run/1]).

run(N) -> fib(N).

fib(N) when N < 2 -> N;
fib(N) -> left(N - 1) + right(N - 2).

left(N) -> fib(N).
right(N) -> fib(N).
