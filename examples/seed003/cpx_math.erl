%% Module performing complex math operations (seed 003's use case). fac/1 calls
%% into bsc_math, so running it needs that module too: the dependency that code
%% shipping will later carry to a remote node.
-module(cpx_math).
-export([fac/1, fib/1]).

fac(0) -> 1;
fac(X) -> bsc_math:mult(X, fac(X - 1)).

fib(0) -> 0;
fib(1) -> 1;
fib(N) -> fib(N - 1) + fib(N - 2).
