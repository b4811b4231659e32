-module(proc_many).
-export([main/1]).
main(_) ->
    Self = self(),
    N = 20000,
    [spawn(fun() -> Self ! {done, I * I} end) || I <- lists:seq(1, N)],
    Sum = collect(N, 0),
    io:format("~p~n", [Sum]),
    Pids = [spawn(fun() -> receive {sq, From, X} -> From ! {self(), X * X} end end) || _ <- lists:seq(1, 1000)],
    [P ! {sq, Self, I} || {P, I} <- lists:zip(Pids, lists:seq(1, 1000))],
    Rs = [receive {P, R} -> R end || P <- Pids],
    io:format("~p~n", [lists:sum(Rs)]).
collect(0, Acc) -> Acc;
collect(N, Acc) -> receive {done, X} -> collect(N - 1, Acc + X) end.
