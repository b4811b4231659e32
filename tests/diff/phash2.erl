-module(phash2).
-export([main/1]).

%% erlang:phash2/1,2 is portable: the same term hashes the same everywhere.
main(_) ->
    Terms = [0, 1, -1, 255, 1 bsl 27, 1 bsl 40, 1 bsl 100, -(1 bsl 100), 1.0, 0.5, -2.5,
             a, ok, 'hello world', [], [1], [1, 2, 3], "abc", [a | b], {}, {a}, {a, b, c},
             <<>>, <<"abc">>, <<1:3>>, <<0:100>>, #{}, #{a => 1}, #{1 => 2, b => [c]},
             maps:from_list([{I, I} || I <- lists:seq(1, 40)]),
             {nested, [1, {2, "three"}, #{four => <<4>>}]}, lists:seq(1, 100)],
    lists:foreach(fun(T) -> io:format("~w~n", [erlang:phash2(T)]) end, Terms),
    io:format("~w~n", [[erlang:phash2(T, 1000) || T <- Terms]]),
    io:format("~w~n", [[erlang:phash2(T, 1) || T <- [a, b, c]]]),
    io:format("~w~n", [erlang:phash2(fun lists:map/2)]),
    ok.
