-module(int_huge_shift).
-export([main/1]).

%% Shifts by large amounts produce and consume big integers.
main(_) ->
    Big = 1 bsl 1000,
    io:format("~w~n", [Big]),
    io:format("~w~n", [Big bsr 990]),
    io:format("~w~n", [Big bsr 1000]),
    io:format("~w~n", [Big bsr 1001]),
    io:format("~w~n", [-Big bsr 2000]),
    io:format("~w~n", [(-Big + 1) bsr 999]),
    io:format("~w~n", [1 bsr 10000]),
    io:format("~w~n", [-1 bsr 10000]),
    io:format("~w~n", [length(integer_to_list(1 bsl 10000))]),
    io:format("~w~n", [(1 bsl 4000) rem 1000000007]),
    io:format("~w~n", [byte_size(integer_to_binary(-1 bsl 3321))]),
    io:format("~w~n", [(3 bsl 500) band (1 bsl 501)]),
    io:format("~w~n", [(3 bsl 500) bor 1 band 7]),
    io:format("~w~n", [bnot (1 bsl 300) bxor -1]),
    ok.
