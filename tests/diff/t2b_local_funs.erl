-module(t2b_local_funs).
-export([main/1]).

%% Local funs survive term_to_binary/binary_to_term within a node: the decoded fun
%% is equal to the original, callable, and keeps its captured values (funs inside
%% funs included). The bytes themselves differ from erl's (erl writes its module's
%% MD5), so only behaviour is printed.
main(_) ->
    X = 5,
    F = fun(Y) -> X + Y end,
    G = binary_to_term(term_to_binary(F)),
    io:format("~p~n", [{G(1), G =:= F, erlang:fun_info(G, arity)}]),
    Nested = fun() -> {F(10), [X]} end,
    {N2, [F2]} = binary_to_term(term_to_binary({Nested, [F]})),
    io:format("~p~n", [{N2(), F2(2), N2 =:= Nested}]),
    Big = lists:seq(1, 300),
    H = fun(Z) -> lists:sum(Big) + Z end,
    H2 = binary_to_term(term_to_binary(H, [compressed])),
    io:format("~p~n", [H2(1)]),
    Ext = fun lists:reverse/1,
    io:format("~p~n", [(binary_to_term(term_to_binary(Ext)))([1, 2])]),
    NoEnv = fun() -> no_env end,
    io:format("~p~n", [(binary_to_term(term_to_binary(NoEnv)))()]),
    {Val, Used} = binary_to_term(<<(term_to_binary(F))/binary, "tail">>, [used]),
    io:format("~p~n", [{Val(0), Used =:= byte_size(term_to_binary(F))}]),
    ok.
