-module(catch_expr).
-export([main/1]).

show({'EXIT', {Reason, Stack}}) when is_list(Stack) -> {'EXIT', Reason, stack};
show(Other) -> Other.

%% catch Expr: thrown values come back as is; errors as {'EXIT', {Reason, Stack}};
%% exits as {'EXIT', Reason}. Only the class/reason parts are printed.
main(_) ->
    io:format("~p~n", [catch 1 + 2]),
    io:format("~p~n", [catch throw(thrown_value)]),
    io:format("~p~n", [show(catch error(an_error))]),
    io:format("~p~n", [catch exit(an_exit)]),
    io:format("~p~n", [show(catch 1 + id(a))]),
    io:format("~p~n", [show(catch element(5, {1}))]),
    io:format("~p~n", [show(catch y = id(x))]),
    io:format("~p~n", [catch exit({tuple, reason})]),
    io:format("~p~n", [catch throw({'EXIT', fake})]),
    X = (catch 10),
    io:format("~p~n", [X]),
    L = [catch throw(I) || I <- [1, 2, 3]],
    io:format("~p~n", [L]),
    io:format("~p~n", [show(catch undefined_module_zz:f())]),
    io:format("~p~n", [show(catch lists:nonexistent_function(1))]),
    ok.

id(X) -> X.
