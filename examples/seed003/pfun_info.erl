%% Portable functions of seed 003: what a pfun carries, as erlang:fun_info/1 and
%% erlang:portable_fun_info/2 show it. `pfun run examples/seed003/pfun_info.erl`
%% (cpx_math and bsc_math are found next to this file).
-module(pfun_info).
-export([main/1]).

main(_Args) ->
    F = pfun(X) -> cpx_math:fac(X) + cpx_math:fib(X) end,
    io:format("~p~n", [erlang:fun_info(F)]),
    io:format("F(6) = ~p~n", [F(6)]),
    io:format("~p~n", [erlang:is_function_portable(F)]),
    io:format("~p~n", [erlang:portable_fun_info(F, {dependency_code, {cpx_math, fac, 1}})]),
    io:format("~p~n", [erlang:portable_fun_info(F, {dependency_dep, {cpx_math, fac, 1}})]),
    G = pfun cpx_math:fac/1,
    io:format("~p~n", [erlang:fun_info(G)]),
    Pid = spawn(node(), pfun() -> cpx_math:fac(6) + cpx_math:fib(2) end),
    io:format("~p~n", [get_result(Pid)]).
