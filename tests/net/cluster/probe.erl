%% The policy-reload test's probe: asks node P (argument) to spawn shipme:work/0 back
%% on this node, which makes P ship shipme's code under P's current policy, and
%% prints what P got: {ok,{ok,{shipped,21}}} or the spawn's error (ship_denied, ...).
-module(probe).
-export([main/1]).

main([P]) ->
    Node = list_to_atom(P),
    Origin = node(),
    PF = pfun () -> catch get_result(spawn(Origin, shipme, work, []), 5000) end,
    io:format("~p~n", [get_result(spawn(Node, PF), 10000)]).
