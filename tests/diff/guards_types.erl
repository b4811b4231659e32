-module(guards_types).
-export([main/1]).

kind(X) when is_integer(X) -> integer;
kind(X) when is_float(X) -> float;
kind(X) when is_atom(X) -> atom;
kind(X) when is_binary(X) -> binary;
kind(X) when is_bitstring(X) -> bitstring;
kind(X) when is_list(X) -> list;
kind(X) when is_tuple(X) -> tuple;
kind(X) when is_map(X) -> map;
kind(X) when is_function(X) -> function;
kind(X) when is_pid(X) -> pid;
kind(X) when is_reference(X) -> reference;
kind(_) -> other.

num(X) when is_number(X) -> number;
num(_) -> not_number.

bool(X) when is_boolean(X) -> boolean;
bool(_) -> not_boolean.

%% Every type-test guard BIF.
main(_) ->
    Vals = [1, 1 bsl 80, 2.5, ok, <<1>>, <<1:1>>, [], [1], {}, #{}, fun() -> ok end,
            self(), make_ref(), true],
    io:format("~p~n", [[kind(V) || V <- Vals]]),
    io:format("~p~n", [[num(V) || V <- Vals]]),
    io:format("~p~n", [[bool(V) || V <- Vals]]),
    io:format("~p~n", [[is_function(V, 0) || V <- Vals]]),
    io:format("~p~n", [[is_record(V, r, 2) || V <- [{r}, {r, 1}, {q, 1}, r]]]),
    io:format("~p~n", [[is_port(V) || V <- Vals]]),
    ok.
