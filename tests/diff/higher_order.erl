-module(higher_order).
-export([main/1]).

map(_, []) -> [];
map(F, [H | T]) -> [F(H) | map(F, T)].

fold(_, Acc, []) -> Acc;
fold(F, Acc, [H | T]) -> fold(F, F(H, Acc), T).

pipe(X, []) -> X;
pipe(X, [F | Fs]) -> pipe(F(X), Fs).

iterate(_, 0, X) -> X;
iterate(F, N, X) -> iterate(F, N - 1, F(X)).

%% Functions as arguments and results.
main(_) ->
    io:format("~p~n", [map(fun(X) -> {X} end, [1, 2, 3])]),
    io:format("~p~n", [fold(fun(X, A) -> X * A end, 1, lists:seq(1, 10))]),
    io:format("~p~n", [pipe(3, [fun(X) -> X + 1 end, fun(X) -> X * 10 end, fun integer_to_list/1])]),
    io:format("~p~n", [iterate(fun(X) -> X * 2 end, 100, 1)]),
    Memo = lists:foldl(fun(N, Acc) -> maps:put(N, N * N, Acc) end, #{}, lists:seq(1, 5)),
    io:format("~p~n", [Memo]),
    Preds = [fun is_atom/1, fun is_integer/1, fun is_list/1],
    io:format("~p~n", [[[P(V) || P <- Preds] || V <- [a, 1, "s"]]]),
    io:format("~p~n", [lists:sort(fun(A, B) -> length(A) =< length(B) end, ["ccc", "a", "bb", ""])]),
    Apply = fun(F, Args) -> apply(F, Args) end,
    io:format("~p~n", [Apply(fun(A, B, C) -> [C, B, A] end, [1, 2, 3])]),
    io:format("~p~n", [apply(lists, seq, [1, 5])]),
    io:format("~p~n", [apply(fun erlang:max/2, [3, 9])]),
    ok.
