-module(fmt_p_long).
-export([main/1]).

tree(0) -> leaf;
tree(N) -> {node, N, tree(N - 1), tree(N - 1)}.

%% ~p breaks long nested terms at 80 columns with indentation.
main(_) ->
    io:format("~p~n", [tree(4)]),
    io:format("~p~n", [lists:seq(1, 60)]),
    io:format("~p~n", [[{key, I, lists:seq(1, I)} || I <- lists:seq(1, 8)]]),
    io:format("~p~n", [#{alpha => lists:seq(1, 20), beta => {tuple, "with a string", <<"and a binary">>},
                         gamma => [#{nested => map, with => [1, 2, 3]}, atom_value]}]),
    io:format("~p~n", [{"a string that is rather long to force a break somewhere in here",
                        "another string that is also somewhat long"}]),
    io:format("prefix text: ~p~n", [[{abcdef, 1}, {ghijkl, 2}, {mnopqr, 3}, {stuvwx, 4}, {yz, 5}, {more, 6}]]),
    io:format("~p~n", [[lists:seq(1, 15), lists:seq(16, 30), lists:seq(31, 45)]]),
    io:format("~p~n", [{[{a, [{b, [{c, [{d, [{e, lists:seq(1, 25)}]}]}]}]}]}]),
    io:format("~p~n", [list_to_tuple([word_number_something || _ <- lists:seq(1, 8)])]),
    io:format("~p~n", [[<<"binary number one">>, <<"binary number two">>, <<"binary number three">>]]),
    io:format("~p~n", [lists:duplicate(30, "ab")]),
    io:format("~p~n", [[[[[[[[[[deep]]]]]]]]]]),
    io:format("~p~n", [{1.5, 2.25e-10, -3.0e22, 100.0, 0.1, 1/3, 2/3, 1.0e-5, 12345.678, 5.0e-324}]),
    io:format("~80p~n", [tree(3)]),
    io:format("~40p~n", [tree(3)]),
    io:format("~p~n", [lists:seq(1000000, 1000030)]),
    ok.
