-module(algo_hanoi).
-export([main/1]).

hanoi(0, _, _, _, Acc) -> Acc;
hanoi(N, From, To, Via, Acc) ->
    Acc1 = hanoi(N - 1, From, Via, To, Acc),
    hanoi(N - 1, Via, To, From, [{N, From, To} | Acc1]).

%% Towers of Hanoi.
main(_) ->
    Moves = lists:reverse(hanoi(4, a, c, b, [])),
    io:format("~p~n", [Moves]),
    io:format("~p~n", [length(hanoi(16, a, c, b, []))]),
    ok.
