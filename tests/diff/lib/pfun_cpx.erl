%% Complex math for the pfun_* programs (seed 003's cpx_math): fac/1 calls into
%% pfun_bsc, so a portable fun rooted here has a closure across two modules.
-module(pfun_cpx).
-export([fac/1, fib/1, twice/1]).

fac(0) -> 1;
fac(X) -> pfun_bsc:mult(X, fac(X - 1)).

fib(0) -> 0;
fib(1) -> 1;
fib(N) -> fib(N - 1) + fib(N - 2).

twice(X) -> lists:map(fun(Y) -> 2 * Y end, X).
