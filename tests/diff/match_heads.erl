-module(match_heads).
-export([main/1]).

area({square, S}) -> S * S;
area({rect, W, H}) -> W * H;
area({circle, R}) -> 3 * R * R;
area(_) -> unknown.

same(X, X) -> same;
same(_, _) -> different.

first_two([A, B | _]) -> {A, B};
first_two([A]) -> {A};
first_two([]) -> none.

lit(0) -> zero;
lit(1.0) -> float_one;
lit("str") -> string;
lit(<<"bin">>) -> binary;
lit([]) -> nil;
lit({}) -> empty_tuple;
lit(#{}) -> some_map;
lit(atom) -> atom;
lit(-5) -> minus_five;
lit($a) -> char_a;
lit(123456789012345678901234567890) -> bignum;
lit(_) -> other.

%% Function-head patterns: literals, repeated variables, nesting.
main(_) ->
    io:format("~p~n", [[area(S) || S <- [{square, 3}, {rect, 2, 5}, {circle, 2}, {tri, 1}]]]),
    io:format("~p~n", [[same(1, 1), same(1, 1.0), same(a, b), same([x], [x])]]),
    io:format("~p~n", [[first_two(L) || L <- [[1, 2, 3], [9], []]]]),
    io:format("~p~n", [[lit(V) || V <- [0, 1.0, 1, "str", <<"bin">>, [], {}, #{a => 1}, atom,
                                         -5, 97, 123456789012345678901234567890, 0.0]]]),
    ok.
