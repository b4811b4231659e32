-module(apply_dynamic).
-export([main/1, hello/1, add/2]).

hello(Name) -> {hello, Name}.
add(A, B) -> A + B.

%% Calls through variables: M:F(Args), apply/2,3, erlang:apply, funs in data.
main(_) ->
    M = ?MODULE,
    F = hello,
    io:format("~p~n", [M:F(world)]),
    io:format("~p~n", [apply(M, add, [1, 2])]),
    io:format("~p~n", [erlang:apply(lists, reverse, [[1, 2, 3]])]),
    io:format("~p~n", [apply(fun(X) -> X * 10 end, [4])]),
    Ops = [{lists, sum}, {lists, max}, {lists, min}, {erlang, length}],
    io:format("~p~n", [[Mod:Fn([3, 1, 2]) || {Mod, Fn} <- Ops]]),
    Table = #{double => fun(X) -> 2 * X end, negate => fun(X) -> -X end},
    io:format("~p~n", [[(maps:get(K, Table))(5) || K <- [double, negate]]]),
    io:format("~p~n", [(list_to_atom("lists")):seq(1, 3)]),
    io:format("~p~n", [try M:nope(1) catch error:R -> R end]),
    io:format("~p~n", [try apply(M, add, [1]) catch error:R2 -> R2 end]),
    io:format("~p~n", [erlang:function_exported(?MODULE, add, 2)]),
    io:format("~p~n", [erlang:function_exported(?MODULE, add, 3)]),
    ok.
