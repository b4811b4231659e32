%% Regenerates map_order_cases.inc: erlc gen_maporder.erl && erl -noshell -s gen_maporder main -s init stop > map_order_cases.inc
-module(gen_maporder).
-export([main/0]).
%% Prints term_to_binary hex of maps above 32 keys: their entries come out in erl's
%% internal order, which our maps must reproduce.
maps() ->
    [maps:from_list([{I, I} || I <- lists:seq(1, 40)]),
     maps:from_list([{I, I * I} || I <- lists:seq(1, 100)]),
     maps:from_list([{-I * 7919, I} || I <- lists:seq(1, 60)]),
     maps:from_list([{integer_to_list(I), I} || I <- lists:seq(1, 50)]),
     maps:from_list([{{I, I + 1}, I} || I <- lists:seq(1, 40)]),
     maps:from_list([{I * 0.5, I} || I <- lists:seq(1, 40)]),
     maps:from_list([{list_to_binary(integer_to_list(I)), I} || I <- lists:seq(1, 45)]),
     maps:from_list([{(1 bsl 70) + I, I} || I <- lists:seq(1, 35)]),
     maps:from_list([{[I, [I]], I} || I <- lists:seq(1, 33)] ++ [{[], 0}, {{}, 1}, {<<>>, 2}]),
     maps:from_list([{I, I} || I <- lists:seq(1, 1000)]),
     maps:from_list([{I bsl 58, I} || I <- lists:seq(-20, 20)])].
hex(B) -> lists:flatten([io_lib:format("~2.16.0B", [X]) || <<X>> <= B]).
main() ->
    [io:format("\"~s\",~n", [hex(term_to_binary(M))]) || M <- maps()],
    ok.
