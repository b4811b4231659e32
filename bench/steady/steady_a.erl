%% Node A of bench/steady.sh: is a call to lazily shipped code as fast as a call to
%% code the node compiled itself, once the code is there? Node B times the same
%% call-heavy function (fib with its calls spread over three functions) both ways,
%% inside the process that runs it:
%%  - shipped: steady_work, shipped lazily with prefetch depth 0 (every function is
%%    fetched on its first call; a first spawn warms them all up);
%%  - local: steady_local, the same file renamed, that B compiles from its directory
%%    (reached by a call by name, so nothing of it is shipped).
-module(steady_a).
-export([main/1]).

main([BStr, Runs]) ->
    B = list_to_atom(BStr),
    true = net:connect(B),
    ok = net:set_policy("bench/dist/policy_lazy.toml"),
    N = 27,
    %% Warm-up: the first runs fetch every function of the closures (and B
    %% compiles steady_local).
    {ok, {_, Fib}} = get_result(spawn(B, pfun() -> timer:tc(fun() -> steady_work:run(N) end) end)),
    {ok, {_, Fib}} = get_result(spawn(B, pfun() -> timer:tc(fun() -> run_local(N) end) end)),
    Fetches = proplists:get_value(fetches_served, net:ship_stats()),
    K = list_to_integer(Runs),
    Shipped = best(K, fun() -> shipped(B, N) end),
    Local = best(K, fun() -> local(B, N) end),
    After = proplists:get_value(fetches_served, net:ship_stats()),
    io:format("fib=~p~n", [Fib]),
    io:format("warmup_fetches=~p~n", [Fetches]),
    io:format("fetches_after_warmup=~p~n", [After - Fetches]),
    io:format("shipped_us=~p~n", [Shipped]),
    io:format("local_us=~p~n", [Local]).

shipped(B, N) ->
    {ok, {T, _}} = get_result(spawn(B, pfun() -> timer:tc(fun() -> steady_work:run(N) end) end)),
    T.

local(B, N) ->
    {ok, {T, _}} = get_result(spawn(B, pfun() -> timer:tc(fun() -> run_local(N) end) end)),
    T.

%% A call by name, resolved on the node where it runs: B's own steady_local.
run_local(N) ->
    M = list_to_atom("steady_local"),
    M:run(N).

best(K, F) -> lists:min([F() || _ <- lists:seq(1, K)]).
