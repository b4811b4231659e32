-module(crash_deep).
-export([main/1]).

walk(0) -> 1 div zero();
walk(N) -> 1 + walk(N - 1).

zero() -> 0.

%% An error raised deep inside non-tail recursion, uncaught.
main(_) ->
    io:format("~p~n", [lists:sum([1, 2, 3])]),
    io:format("~p~n", [walk(1000)]).
