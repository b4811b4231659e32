-module(funs_anon).
-export([main/1]).

%% Anonymous funs: multiple clauses, guards, arities, immediate calls.
main(_) ->
    Sq = fun(X) -> X * X end,
    io:format("~p~n", [Sq(7)]),
    Classify = fun(0) -> zero;
                  (N) when N < 0 -> negative;
                  (N) when is_integer(N) -> positive;
                  (_) -> other
               end,
    io:format("~p~n", [[Classify(X) || X <- [0, -3, 5, 2.5, a]]]),
    Add = fun(A, B) -> A + B end,
    io:format("~p~n", [Add(2, 3)]),
    Zero = fun() -> nothing end,
    io:format("~p~n", [Zero()]),
    io:format("~p~n", [(fun(X) -> X + 1 end)(41)]),
    io:format("~p~n", [{is_function(Sq), is_function(Sq, 1), is_function(Sq, 2), is_function(x)}]),
    io:format("~p~n", [erlang:fun_info(Add, arity)]),
    Swap = fun({A, B}) -> {B, A} end,
    io:format("~p~n", [lists:map(Swap, [{1, a}, {2, b}])]),
    io:format("~p~n", [try Sq(1, 2) catch error:{badarity, _} -> badarity end]),
    NotFun = id(not_a_fun),
    io:format("~p~n", [try NotFun(1) catch error:{badfun, F} -> {badfun, F} end]),
    io:format("~p~n", [try Classify2 = fun(1) -> one end, Classify2(2) catch error:R -> R end]),
    ok.

id(X) -> X.
