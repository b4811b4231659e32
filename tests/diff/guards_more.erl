-module(guards_more).
-export([main/1]).

r(X) when ceil(X) =:= 3 -> ceil3;
r(X) when floor(X) =:= -1 -> floor_minus1;
r(_) -> other.

f(F) when is_function(F, 2) -> arity2;
f(F) when is_function(F) -> other_fun;
f(_) -> not_fun.

t(T) when is_tuple(T), tuple_size(T) > 0, is_atom(element(1, T)) -> tagged;
t(_) -> untagged.

l(L) when length(L) =:= 0 -> empty;
l([H | _]) when is_integer(H), H band 1 =:= 1 -> odd_head;
l([_ | T]) when T =:= [] -> one;
l(_) -> other.

n(X) when X > 0 andalso (X rem 2 =:= 0 orelse X > 100) -> yes;
n(X) when not (X > 0) -> non_positive;
n(_) -> no.

b(X) when is_binary(X), byte_size(X) >= 2, binary_part(X, byte_size(X) - 1, 1) =:= <<"!">> -> exclaim;
b(<<_, Rest/binary>>) when bit_size(Rest) > 8 -> long;
b(_) -> other.

m(M, K) when is_map(M), is_map_key(K, M), is_integer(map_get(K, M)) -> int_value;
m(M, _) when map_size(M) =:= 0 -> empty_map;
m(_, _) -> other.

%% More guard BIFs and combinations.
main(_) ->
    io:format("~p~n", [[r(X) || X <- [2.5, -0.5, 3, 7.1]]]),
    io:format("~p~n", [[f(X) || X <- [fun(_, _) -> ok end, fun() -> ok end, 3]]]),
    io:format("~p~n", [[t(X) || X <- [{a, 1}, {1, a}, {}, [a]]]]),
    io:format("~p~n", [[l(X) || X <- [[], [3, 4], [4], [4, 5], x]]]),
    io:format("~p~n", [[n(X) || X <- [4, 3, 101, 0, -5]]]),
    io:format("~p~n", [[b(X) || X <- [<<"hi!">>, <<"hello">>, <<"ab">>, "s!"]]]),
    io:format("~p~n", [[m(M, k) || M <- [#{k => 1}, #{k => a}, #{}, #{j => 1}]]]),
    ok.
