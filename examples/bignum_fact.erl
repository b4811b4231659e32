-module(bignum_fact).
-export([main/1]).

%% Big integers: 100! and its digit sum; `pfun run examples/bignum_fact.erl`.
fact(N) -> fact(N, 1).
fact(0, Acc) -> Acc;
fact(N, Acc) -> fact(N - 1, N * Acc).

digit_sum(0) -> 0;
digit_sum(N) -> N rem 10 + digit_sum(N div 10).

main(_Args) ->
    F = fact(100),
    io:format("100! = ~p~n", [F]),
    io:format("digits: ~p, digit sum: ~p~n", [length(integer_to_list(F)), digit_sum(F)]),
    io:format("2^200 = ~p~n", [1 bsl 200]),
    io:format("100! in hex: ~.16B~n", [F]).
