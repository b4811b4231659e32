-module(bin_comprehension).
-export([main/1]).

%% Binary comprehensions and binary generators in list comprehensions.
main(_) ->
    io:format("~p~n", [<< <<(X * 2)>> || X <- [1, 2, 3] >>]),
    io:format("~p~n", [<< <<X>> || <<X>> <= <<"hello">>, X =/= $l >>]),
    io:format("~p~n", [<< <<(C - 32)>> || <<C>> <= <<"shout">> >>]),
    io:format("~p~n", [[{X, Y} || <<X:4, Y:4>> <= <<16#12, 16#34>>]]),
    io:format("~p~n", [<< <<X:16>> || X <- lists:seq(1, 4) >>]),
    io:format("~p~n", [<< <<B/binary, ",">> || B <- [<<"a">>, <<"bc">>] >>]),
    Pixels = <<255, 0, 0, 0, 255, 0, 0, 0, 255>>,
    io:format("~p~n", [[{R, G, B} || <<R, G, B>> <= Pixels]]),
    io:format("~p~n", [<< <<(R div 2), G, B>> || <<R, G, B>> <= Pixels >>]),
    io:format("~p~n", [<< <<X:3>> || X <- [1, 2, 3, 4, 5, 6, 7, 0] >>]),
    io:format("~p~n", [[X + Y || <<X>> <= <<1, 2>>, Y <- [10, 20]]]),
    io:format("~p~n", [<< <<X>> || X <- [], true >>]),
    ok.
