-module(deep_recursion).
-export([main/1]).

len([]) -> 0;
len([_ | T]) -> 1 + len(T).

build(0) -> [];
build(N) -> [N | build(N - 1)].

%% Non-tail recursion 1,000,000 frames deep.
main(_) ->
    L = build(1000000),
    io:format("~p~n", [len(L)]),
    io:format("~p ~p~n", [hd(L), lists:last(L)]),
    ok.
