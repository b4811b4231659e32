-module(term_order).
-export([main/1]).

%% Erlang's total term order across types:
%% number < atom < reference < fun < port < pid < tuple < map < nil < list < bitstring.
main(_) ->
    Terms = [<<"b">>, [a], [], #{a => 1}, {1, 2}, {1}, zebra, apple, 42, 3.5,
             <<>>, "str", {}, #{}, 1 bsl 70, -1, [1 | 2], {a, b, c}, <<1:3>>, 'A'],
    io:format("~p~n", [lists:sort(Terms)]),
    io:format("~p~n", [lists:reverse(lists:sort(Terms))]),
    io:format("~p~n", [[1 < a, a < {}, {} < #{}, #{} < [], [] < [x], [x] < <<>>]]),
    io:format("~p~n", [[{1, 2} < {1, 2, 3}, {9, 9} < {1, 1, 1}, {a, 2} < {b, 1}]]),
    io:format("~p~n", [[[1, 2] < [1, 3], [1, 2] < [1, 2, 0], [2] < [1, 5]]]),
    io:format("~p~n", [[#{a => 2} < #{b => 1}, #{a => 1} < #{a => 2}, #{z => 1} < #{a => 1, b => 1}]]),
    io:format("~p~n", [[aa < ab, a < aa, 'B' < a]]),
    Ref = make_ref(), Fun = fun() -> ok end, Pid = self(),
    io:format("~p~n", [[zz < Ref, Ref < Fun, Fun < Pid, Pid < {}]]),
    io:format("~p~n", [lists:usort([3, 3.0, 2, 2.0, 1])]),
    io:format("~p~n", [[max(a, 1), min({}, []), max("abc", <<"abc">>)]]),
    ok.
