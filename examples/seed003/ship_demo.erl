%% Seed 003's scenario on two nodes (`make demo` runs it): the nodes given as
%% arguments have none of this code; spawn/4 and spawn/2 with a pfun ship it to
%% them, once with the eager policy and once with the lazy one, and print the
%% results and what travelled (this node's per-peer counters).
-module(ship_demo).
-export([main/1]).

main([EagerNode, LazyNode]) ->
    run("eager", list_to_atom(EagerNode)),
    run("lazy", list_to_atom(LazyNode)).

run(Mode, Node) ->
    ok = net:set_policy("examples/policy_" ++ Mode ++ ".toml"),
    io:format("== ~s shipping to ~p~n", [Mode, Node]),
    P1 = spawn(Node, cpx_math, fac, [6]),
    io:format("spawn(~p, cpx_math, fac, [6]) -> ~w on ~w: ~w~n",
              [Node, P1, node(P1), get_result(P1)]),
    show(Node, "after spawn/4"),
    P2 = spawn(Node, pfun() -> cpx_math:fac(6) + cpx_math:fib(10) end),
    io:format("spawn(~p, pfun() -> cpx_math:fac(6) + cpx_math:fib(10) end): ~w~n",
              [Node, get_result(P2)]),
    show(Node, "after the pfun"),
    P3 = spawn(Node, pfun() -> cpx_math:fac(6) + cpx_math:fib(10) end),
    io:format("the same pfun again: ~w~n", [get_result(P3)]),
    show(Node, "after the second pfun").

show(Node, When) ->
    Peers = proplists:get_value(peers, net:ship_stats()),
    C = proplists:get_value(Node, Peers),
    G = fun(K) -> proplists:get_value(K, C) end,
    io:format("   ~s: shipped ~p objects (~p bytes), served ~p fetch round trips, "
              "~p objects already there~n",
              [When, G(objects_shipped), G(bytes_shipped), G(fetches_served), G(cache_hits)]).
