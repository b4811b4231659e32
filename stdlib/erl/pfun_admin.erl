%% The node's administration server, and the client side of `pfun status`.
%%
%% Every node started by `pfun node`, `pfun run --name` or `pfun repl --name` runs
%% serve/0 under the registered name pfun_admin. It answers {status, From, Ref} with
%% {pfun_admin, Ref, Status}, so a tool on another OS process (pfun status) can read
%% a node's state with one message each way: nothing is spawned and no code is
%% shipped, so asking does not change the shipping counters it reports.
%%
%% Status is a map:
%%   node        the node's name
%%   connected   nodes() there (the asking node left out by ask/2)
%%   processes   the number of processes (pfun_admin included)
%%   uptime_ms   the age of the node's OS process (absent where /proc is not)
%%   policy      the shipping policy's file (a binary), or builtin
%%   net         transport counters: frames_in, frames_out, bytes_in, bytes_out,
%%               refused (connections closed for a protocol or auth error), writes
%%   shipping    #{total => Counters, peers => #{Node => Counters},
%%                 tables => #{Table => Size}}: net:ship_stats()'s counters
%%               (spawns_sent, spawns_served, objects_shipped, bytes_shipped,
%%               objects_fetched, bytes_fetched, fetch_round_trips, fetches_served,
%%               cache_hits, result_queries, code_cache_loads, own_code_loads) and
%%               the sizes of its open request tables
-module(pfun_admin).
-export([serve/0, status/0, ask/2]).

serve() ->
    register(pfun_admin, self()),
    loop().

loop() ->
    receive
        {status, From, Ref} when is_pid(From) ->
            From ! {pfun_admin, Ref, status()},
            loop();
        _ ->
            loop()
    end.

status() ->
    NodeStats = net:node_stats(),
    Ship = net:ship_stats(),
    Peers = [{P, maps:from_list(C)} || {P, C} <- proplists:get_value(peers, Ship, [])],
    Base = #{node => node(),
             connected => nodes(),
             processes => length(processes()),
             policy => proplists:get_value(policy, NodeStats, builtin),
             net => maps:from_list([KV || {K, _} = KV <- NodeStats,
                                          K =/= uptime_ms, K =/= policy]),
             shipping => #{total => maps:from_list([KV || {K, _} = KV <- Ship,
                                                            K =/= peers, K =/= tables]),
                           peers => maps:from_list(Peers),
                           tables => maps:from_list(proplists:get_value(tables, Ship, []))}},
    case proplists:get_value(uptime_ms, NodeStats) of
        undefined -> Base;
        Ms -> Base#{uptime_ms => Ms}
    end.

%% Asks Node's pfun_admin: {ok, Status} | {error, noconnection | timeout}.
ask(Node, Timeout) ->
    Ref = make_ref(),
    erlang:monitor_node(Node, true),
    {pfun_admin, Node} ! {status, self(), Ref},
    receive
        {pfun_admin, Ref, Status} ->
            erlang:monitor_node(Node, false),
            Me = node(),
            #{connected := Connected} = Status,
            {ok, Status#{connected := [N || N <- Connected, N =/= Me]}};
        {nodedown, Node} ->
            {error, noconnection}
    after Timeout ->
        erlang:monitor_node(Node, false),
        {error, timeout}
    end.
