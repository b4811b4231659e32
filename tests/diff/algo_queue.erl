-module(algo_queue).
-export([main/1]).

new() -> {[], []}.
push(X, {In, Out}) -> {[X | In], Out}.
pop({[], []}) -> empty;
pop({In, []}) -> pop({[], lists:reverse(In)});
pop({In, [H | T]}) -> {H, {In, T}}.

drain(Q) ->
    case pop(Q) of
        empty -> [];
        {X, Q1} -> [X | drain(Q1)]
    end.

bfs(Graph, Start) -> bfs(Graph, push(Start, new()), #{Start => true}, []).
bfs(Graph, Q, Seen, Acc) ->
    case pop(Q) of
        empty -> lists:reverse(Acc);
        {N, Q1} ->
            Next = [M || M <- maps:get(N, Graph, []), not maps:is_key(M, Seen)],
            Seen1 = lists:foldl(fun(M, S) -> S#{M => true} end, Seen, Next),
            Q2 = lists:foldl(fun push/2, Q1, Next),
            bfs(Graph, Q2, Seen1, [N | Acc])
    end.

%% A functional FIFO queue (two lists) and breadth-first search.
main(_) ->
    Q = lists:foldl(fun push/2, new(), [1, 2, 3]),
    {A, Q1} = pop(Q),
    Q2 = push(4, Q1),
    io:format("~p ~p~n", [A, drain(Q2)]),
    G = #{1 => [2, 3], 2 => [4], 3 => [4, 5], 4 => [6], 5 => [6], 6 => []},
    io:format("~p~n", [bfs(G, 1)]),
    io:format("~p~n", [queue:to_list(queue:in(3, queue:in(2, queue:from_list([1]))))]),
    ok.
