%% The call-heavy work of bench/steady.sh: naive fib with its calls spread over a
%% few mutually recursive functions, so that nearly all time goes into calls to
%% code a lazy node fetched. bench/steady.sh also gives node B this file renamed to
%% steady_local, which B compiles from its own directory.
-module(steady_work).
-export([run/1]).

run(N) -> fib(N).

fib(N) when N < 2 -> N;
fib(N) -> left(N - 1) + right(N - 2).

left(N) -> fib(N).
right(N) -> fib(N).
