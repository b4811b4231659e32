-module(dist_bench).
%% Two-node benchmarks on erl (the reference for pfun's, bench/dist.sh): run on node
%% A with node B connected and this module on B's code path.
-export([main/1, reply/1, sink/2, echo/0]).

-define(WARM, 2000).

main([BStr]) ->
    B = list_to_atom(BStr),
    pong = net_adm:ping(B),
    N = 5000,
    rpc:call(B, erlang, node, []),
    Echo = spawn(B, ?MODULE, echo, []),
    report("msg_round_trip_us", per_op(N, fun() -> ping(Echo, N) end)),
    report("rpc_call_us", per_op(N, fun() -> loop(N, fun() -> B = rpc:call(B, erlang, node, []) end) end)),
    report("spawn_reply_us", per_op(N, fun() -> loop(N, fun() -> spawn_reply(B) end) end)),
    M = 200000,
    report("msgs_per_s", throughput(B, M)),
    report("cold_one_module_us", cold_one_module(B, 50)),
    report("cold_many_modules_us", cold_many_modules(B, 50)),
    ok.

ping(_Echo, 0) -> ok;
ping(Echo, K) ->
    Echo ! {self(), K},
    receive {echo, K} -> ping(Echo, K - 1) end.

echo() ->
    receive
        {From, Msg} -> From ! {echo, Msg}, echo()
    end.

report(Key, Value) -> io:format("~s=~p~n", [Key, Value]).

loop(0, _F) -> ok;
loop(N, F) -> F(), loop(N - 1, F).

per_op(N, F) ->
    F(), % warm
    T0 = erlang:monotonic_time(nanosecond),
    F(),
    T1 = erlang:monotonic_time(nanosecond),
    round((T1 - T0) / N / 10) / 100.

%% spawn on B, which replies to us with its result: the get_result pattern.
spawn_reply(B) ->
    Pid = spawn(B, ?MODULE, reply, [self()]),
    receive {Pid, done} -> ok end.

reply(Parent) -> Parent ! {self(), done}.

throughput(B, M) ->
    Sink = spawn(B, ?MODULE, sink, [self(), M]),
    T0 = erlang:monotonic_time(nanosecond),
    send_n(Sink, M),
    receive {Sink, M} -> ok end,
    T1 = erlang:monotonic_time(nanosecond),
    round(M / ((T1 - T0) / 1.0e9)).

send_n(_Sink, 0) -> ok;
send_n(Sink, K) -> Sink ! {msg, K}, send_n(Sink, K - 1).

sink(Parent, M) -> sink(Parent, M, 0).
sink(Parent, M, M) -> Parent ! {self(), M};
sink(Parent, M, C) -> receive {msg, _} -> sink(Parent, M, C + 1) end.

%% Cold remote spawn of code B does not have: compile a module of 50 functions
%% (f1 calls f2 ... f50), push it with code:load_binary by rpc, spawn its f1 on B.
cold_one_module(B, F) ->
    U = erlang:unique_integer([positive]),
    Mod = list_to_atom("cold1_" ++ integer_to_list(U)),
    {ok, Mod, Bin} = compile:forms(chain_module(Mod, F), []),
    T0 = erlang:monotonic_time(nanosecond),
    {module, Mod} = rpc:call(B, code, load_binary, [Mod, "cold.erl", Bin]),
    Pid = spawn(B, Mod, f1, [self()]),
    receive {Pid, F} -> ok end,
    T1 = erlang:monotonic_time(nanosecond),
    round((T1 - T0) / 1000).

%% The same closure as 50 modules of one function each (a chain of remote calls).
cold_many_modules(B, F) ->
    U = erlang:unique_integer([positive]),
    Name = fun(I) -> list_to_atom("coldm_" ++ integer_to_list(U) ++ "_" ++ integer_to_list(I)) end,
    Bins = [begin {ok, M, Bin} = compile:forms(link_module(Name, I, F), []), {M, Bin} end
            || I <- lists:seq(1, F)],
    T0 = erlang:monotonic_time(nanosecond),
    [{module, M} = rpc:call(B, code, load_binary, [M, "cold.erl", Bin]) || {M, Bin} <- Bins],
    Pid = spawn(B, Name(1), f, [self(), 0]),
    receive {Pid, F} -> ok end,
    T1 = erlang:monotonic_time(nanosecond),
    round((T1 - T0) / 1000).

%% f1(P) -> f2(P, 1) ... ; fN(P, K) -> P ! {self(), K + 1}.
chain_module(Mod, F) ->
    L = 1,
    Fun = fun(I) when I =:= F ->
                  {function, L, fname(I), 2,
                   [{clause, L, [{var, L, 'P'}, {var, L, 'K'}], [],
                     [{op, L, '!', {var, L, 'P'},
                       {tuple, L, [{call, L, {atom, L, self}, []},
                                   {op, L, '+', {var, L, 'K'}, {integer, L, 1}}]}}]}]};
             (I) ->
                  {function, L, fname(I), 2,
                   [{clause, L, [{var, L, 'P'}, {var, L, 'K'}], [],
                     [{call, L, {atom, L, fname(I + 1)},
                       [{var, L, 'P'}, {op, L, '+', {var, L, 'K'}, {integer, L, 1}}]}]}]}
          end,
    Entry = {function, L, f1, 1,
             [{clause, L, [{var, L, 'P'}], [], [{call, L, {atom, L, fname(1)}, [{var, L, 'P'}, {integer, L, 0}]}]}]},
    [{attribute, L, module, Mod}, {attribute, L, export, [{f1, 1}]}, Entry | [Fun(I) || I <- lists:seq(1, F)]].

fname(I) -> list_to_atom("g" ++ integer_to_list(I)).

link_module(Name, I, F) ->
    L = 1,
    Body = case I of
               F -> {op, L, '!', {var, L, 'P'},
                     {tuple, L, [{call, L, {atom, L, self}, []},
                                 {op, L, '+', {var, L, 'K'}, {integer, L, 1}}]}};
               _ -> {call, L, {remote, L, {atom, L, Name(I + 1)}, {atom, L, f}},
                     [{var, L, 'P'}, {op, L, '+', {var, L, 'K'}, {integer, L, 1}}]}
           end,
    [{attribute, L, module, Name(I)}, {attribute, L, export, [{f, 2}]},
     {function, L, f, 2, [{clause, L, [{var, L, 'P'}, {var, L, 'K'}], [], [Body]}]}].
