-module(guards_logic).
-export([main/1]).

a(X) when X > 0, X < 10 -> in_range;
a(X) when X < 0; X > 100 -> outside;
a(_) -> between.

b(X) when is_integer(X) andalso X > 5 -> int_gt5;
b(X) when is_atom(X) orelse is_binary(X) -> atom_or_bin;
b(_) -> other.

c(X) when not is_list(X) -> not_list;
c(X) when (length(X) > 2) xor (hd(X) =:= 1) -> xor_true;
c(_) -> other.

d(X) when X =:= 1; hd(X) =:= 2; element(1, X) =:= 3 -> matched;
d(_) -> other.

e(A, B) when A == B -> equal;
e(A, B) when A =:= B -> never;
e(A, B) when A /= B, A =/= B -> different.

%% Guard sequences (;), conjunctions (,), andalso/orelse/xor/not, and exceptions
%% inside a guard making only that guard false.
main(_) ->
    io:format("~p~n", [[a(X) || X <- [5, -1, 500, 50]]]),
    io:format("~p~n", [[b(X) || X <- [10, 3, x, <<"b">>, "s"]]]),
    io:format("~p~n", [[c(X) || X <- [a, [1, 2, 3], [1], [2, 2, 2], [2]]]]),
    io:format("~p~n", [[d(X) || X <- [1, [2], {3}, {4}, [], 2]]]),
    io:format("~p~n", [[e(A, B) || {A, B} <- [{1, 1.0}, {1, 1}, {1, 2}]]]),
    io:format("~p~n", [[true andalso false, true orelse error(no), false andalso error(no)]]),
    io:format("~p~n", [[not true, true xor true, true and false, true or false]]),
    io:format("~p~n", [try id(1) andalso true catch error:R -> R end]),
    io:format("~p~n", [true andalso id(not_bool)]),
    io:format("~p~n", [try not id(1) catch error:R2 -> R2 end]),
    ok.

id(X) -> X.
