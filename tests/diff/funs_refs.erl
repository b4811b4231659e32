-module(funs_refs).
-export([main/1, double/1, apply_twice/2]).

double(X) -> 2 * X.
triple(X) -> 3 * X.

apply_twice(F, X) -> F(F(X)).

%% fun f/1, fun m:f/1, and calls through them; external funs print readably.
main(_) ->
    F1 = fun triple/1,
    F2 = fun ?MODULE:double/1,
    F3 = fun lists:reverse/1,
    io:format("~p ~p ~p~n", [F1(3), F2(3), F3([1, 2, 3])]),
    io:format("~p~n", [apply_twice(fun double/1, 5)]),
    io:format("~p~n", [lists:map(fun erlang:abs/1, [-1, 2, -3])]),
    io:format("~p~n", [lists:foldl(fun erlang:'+'/2, 0, [1, 2, 3])]),
    io:format("~p~n", [F3]),
    io:format("~w~n", [fun lists:map/2]),
    io:format("~p~n", [F2 =:= fun funs_refs:double/1]),
    io:format("~p~n", [erlang:fun_info(F3, module)]),
    io:format("~p~n", [erlang:fun_info(F3, name)]),
    io:format("~p~n", [erlang:fun_info(F1, arity)]),
    M = lists, Fn = seq,
    F4 = fun M:Fn/2,
    io:format("~p~n", [F4(1, 4)]),
    io:format("~p~n", [is_function(F4, 2)]),
    ok.
