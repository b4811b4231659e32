-module(io_format_errors).
-export([main/1]).

attempt(Fmt, Args) ->
    try io_lib:format(Fmt, Args) of
        S -> {ok, lists:flatten(S)}
    catch
        error:R -> {error, R}
    end.

%% Bad format strings or arguments raise badarg.
main(_) ->
    io:format("~p~n", [attempt("~p", [])]),
    io:format("~p~n", [attempt("~d", [1.5])]),
    io:format("~p~n", [attempt("~z", [1])]),
    io:format("~p~n", [attempt("~s", [1])]),
    io:format("~p~n", [attempt("~w ~w", [1])]),
    io:format("~p~n", [attempt("~w", [1, 2])]),
    io:format("~p~n", [attempt("~f", [1])]),
    io:format("~p~n", [attempt("~b", [a])]),
    io:format("~p~n", [attempt("~c", [-1])]),
    io:format("~p~n", [attempt("ok ~w", [1])]),
    io:format("~p~n", [try io:format("~p~n", []) catch error:R -> R end]),
    ok.
