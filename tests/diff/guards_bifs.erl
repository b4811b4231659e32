-module(guards_bifs).
-export([main/1]).

g1(X) when abs(X) > 5 -> big;
g1(_) -> small.

g2(T) when element(1, T) =:= tag, tuple_size(T) =:= 3 -> tagged3;
g2(T) when size(T) > 1 -> sized;
g2(_) -> other.

g3(L) when length(L) > 2, hd(L) =:= a -> long_a;
g3(L) when tl(L) =:= [] -> single;
g3(_) -> other.

g4(B) when byte_size(B) =:= 2 -> two_bytes;
g4(B) when bit_size(B) < 8 -> sub_byte;
g4(_) -> other.

g5(M) when map_size(M) > 1, is_map_key(k, M) -> has_k;
g5(M) when map_get(x, M) =:= 1 -> x_is_one;
g5(_) -> other.

g6(F) when trunc(F) =:= 3, round(F) =:= 4 -> three_and_half;
g6(F) when float(F) > 10.0 -> over_ten;
g6(_) -> other.

g7(X) when X rem 2 =:= 0, X div 2 > 3, X band 1 =:= 0, -X < 0 -> even_big;
g7(X) when X * 2 + 1 > 7 orelse X bsl 1 =:= 0 -> expr;
g7(_) -> other.

g8(X) when node() =:= nonode@nohost, self() =/= X -> local;
g8(_) -> other.

g9(X) when is_list(X), length(X) >= 0 -> list;
g9(X) when binary_part(X, 0, 1) =:= <<"a">> -> a_binary;
g9(_) -> other.

%% Guard BIFs, including the ones that fail silently (a failing guard is false).
main(_) ->
    io:format("~p~n", [[g1(X) || X <- [-10, 3, 6.5]]]),
    io:format("~p~n", [[g2(X) || X <- [{tag, 1, 2}, {a, b}, {x}]]]),
    io:format("~p~n", [[g3(X) || X <- [[a, b, c], [z], [], [b, c, d]]]]),
    io:format("~p~n", [[g4(X) || X <- [<<1, 2>>, <<1:3>>, <<1, 2, 3>>]]]),
    io:format("~p~n", [[g5(X) || X <- [#{k => 1, j => 2}, #{x => 1}, #{y => 1}, not_a_map]]]),
    io:format("~p~n", [[g6(X) || X <- [3.5, 11, 2, atom]]]),
    io:format("~p~n", [[g7(X) || X <- [10, 4, 0, 1, a]]]),
    io:format("~p~n", [[g8(X) || X <- [1]]]),
    io:format("~p~n", [[g9(X) || X <- ["s", <<"abc">>, <<"b">>, <<>>, 7]]]),
    ok.
