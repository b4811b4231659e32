%% Client of openssl_on_demand.sh: waits until it is connected to the node given as
%% its argument and says so.
-module(openssl_on_demand).
-export([main/1]).

main([Node]) -> wait_for(list_to_atom(Node), 400).

wait_for(Node, 0) -> exit({not_connected, Node, nodes()});
wait_for(Node, N) ->
    case lists:member(Node, nodes()) of
        true -> io:format("connected ~s~n", [Node]);
        false -> receive after 25 -> wait_for(Node, N - 1) end
    end.
