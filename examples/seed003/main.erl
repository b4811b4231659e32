%% Runs seed 003's computation locally: `pfun run examples/seed003/main.erl`.
%% cpx_math and bsc_math are found next to this file and loaded on first call.
-module(main).
-export([main/1]).

main(_Args) ->
    io:format("cpx_math:fac(6) = ~p~n", [cpx_math:fac(6)]),
    io:format("cpx_math:fib(20) = ~p~n", [cpx_math:fib(20)]),
    io:format("fac(6) + fib(2) = ~p~n", [cpx_math:fac(6) + cpx_math:fib(2)]),
    io:format("cpx_math:fac(30) = ~p~n", [cpx_math:fac(30)]).
