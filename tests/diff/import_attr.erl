-module(import_attr).
-export([main/1]).
-import(lists, [map/2, foldl/3, reverse/1]).
-import(string, [to_upper/1]).

%% -import lets remote functions be called without the module prefix.
main(_) ->
    io:format("~p~n", [map(fun(X) -> X + 1 end, [1, 2, 3])]),
    io:format("~p~n", [foldl(fun(X, A) -> X + A end, 0, [1, 2, 3])]),
    io:format("~p~n", [reverse("abc")]),
    io:format("~p~n", [to_upper("shout")]),
    ok.
