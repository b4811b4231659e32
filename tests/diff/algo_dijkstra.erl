-module(algo_dijkstra).
-export([main/1]).

graph() ->
    #{a => [{b, 7}, {c, 9}, {f, 14}], b => [{a, 7}, {c, 10}, {d, 15}],
      c => [{a, 9}, {b, 10}, {d, 11}, {f, 2}], d => [{b, 15}, {c, 11}, {e, 6}],
      e => [{d, 6}, {f, 9}], f => [{a, 14}, {c, 2}, {e, 9}]}.

shortest(G, Src) -> loop(G, [{0, Src}], #{}).

loop(_, [], Dist) -> Dist;
loop(G, Frontier, Dist) ->
    [{D, N} | Rest] = lists:sort(Frontier),
    case maps:is_key(N, Dist) of
        true -> loop(G, Rest, Dist);
        false ->
            Next = [{D + W, M} || {M, W} <- maps:get(N, G), not maps:is_key(M, Dist)],
            loop(G, Rest ++ Next, Dist#{N => D})
    end.

%% Dijkstra's shortest paths over a map-of-lists graph.
main(_) ->
    io:format("~p~n", [shortest(graph(), a)]),
    io:format("~p~n", [lists:sort(maps:to_list(shortest(graph(), e)))]),
    ok.
