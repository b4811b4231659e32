-module(proc_crash_isolated).
-export([main/1]).
main(_) ->
    [spawn(fun() -> erlang:error({crash, I}) end) || I <- lists:seq(1, 3)],
    spawn(fun() -> lists:nth(10, [1]) end),
    receive after 50 -> ok end,
    Self = self(),
    spawn(fun() -> Self ! still_fine end),
    receive still_fine -> io:format("node survived crashes~n") end,
    io:format("~p~n", [why(catch exit(self_exit))]).
why({'EXIT', {R, [_ | _]}}) -> {'EXIT', R};
why(X) -> X.
