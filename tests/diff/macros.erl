-module(macros).
-export([main/1]).

-define(PI, 3.14159).
-define(GREETING, "hello").
-define(SQUARE(X), ((X) * (X))).
-define(MAX(A, B), (if A > B -> A; true -> B end)).
-define(PAIR(A, B), {A, B}).
-define(EMPTY, []).
-define(LOG(Fmt, Args), io:format("[~p:~p] " ++ Fmt ++ "~n", [?MODULE, ?LINE | Args])).
-define(TWICE(E), begin E, E end).
-define(NESTED(X), ?SQUARE(?SQUARE(X))).

-compile(nowarn_unused_function).
-spec main([string()]) -> ok.
-type my_type() :: integer() | atom().
-author("nobody").
-vsn(1).

%% -define with and without arguments, ?MODULE, ?LINE, ?MODULE_STRING, attributes.
main(_) ->
    io:format("~p ~p~n", [?PI, ?GREETING]),
    io:format("~p~n", [?SQUARE(1 + 2)]),
    io:format("~p~n", [?MAX(3, 7)]),
    io:format("~p~n", [?PAIR(a, ?EMPTY)]),
    io:format("~p~n", [?MODULE]),
    io:format("~p~n", [?MODULE_STRING]),
    io:format("~p~n", [?LINE]),
    ?LOG("value ~p", [42]),
    ?TWICE(io:format("twice~n")),
    io:format("~p~n", [?NESTED(2)]),
    io:format("~p~n", [?FUNCTION_NAME]),
    io:format("~p~n", [?FUNCTION_ARITY]),
    X = 5,
    io:format("~p~n", [?SQUARE(X) + 1]),
    ok.

-spec unused(my_type()) -> my_type().
unused(X) -> X.
