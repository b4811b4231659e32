-module(self_remote_calls).
-export([main/1, pub/1]).

%% A call written ?MODULE:f(...) or self_remote_calls:f(...) goes through the export
%% table: exported functions are reached, unexported ones are undef, as in erl.
pub(X) -> {pub, X}.
priv(X) -> {priv, X}.

reason(F) ->
    try F() catch C:R -> {C, R} end.

main(_) ->
    io:format("~p~n", [?MODULE:pub(1)]),
    io:format("~p~n", [self_remote_calls:pub(2)]),
    io:format("~p~n", [priv(3)]),
    io:format("~p~n", [reason(fun() -> ?MODULE:priv(4) end)]),
    io:format("~p~n", [reason(fun() -> self_remote_calls:priv(5) end)]),
    io:format("~p~n", [reason(fun() -> ?MODULE:pub(6, 7) end)]),
    M = ?MODULE,
    io:format("~p~n", [reason(fun() -> M:priv(8) end)]),
    io:format("~p~n", [reason(fun() -> apply(?MODULE, priv, [9]) end)]),
    io:format("~p~n", [reason(fun() -> (fun ?MODULE:priv/1)(10) end)]),
    io:format("~p~n", [(fun ?MODULE:pub/1)(11)]),
    io:format("~p~n", [erlang:function_exported(?MODULE, priv, 1)]),
    io:format("~p~n", [erlang:function_exported(?MODULE, pub, 1)]),
    %% a tail call to an unexported function is undef too
    io:format("~p~n", [reason(fun() -> tail(12) end)]),
    ok.

tail(X) -> ?MODULE:priv(X).
