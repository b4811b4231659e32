%% Portable functions on one node: making them (all three forms), calling them,
%% telling them from plain funs, comparing, serialising and spawning them.
-module(pfun_basic).
-export([main/1]).

main(_) ->
    N = 10,
    Add = pfun(X) -> X + N end,
    Fact = pfun F(0) -> 1; F(K) -> K * F(K - 1) end,
    Clauses = pfun(a) -> 1; (b) -> 2; (_) -> other end,
    Local = pfun double/1,
    Remote = pfun pfun_cpx:fac/1,
    M = pfun_cpx, Fn = fib, A = 1,
    Dynamic = pfun M:Fn/A,
    Plain = fun(X) -> X end,
    io:format("calls: ~p ~p ~p ~p ~p ~p~n",
              [Add(1), Fact(5), [Clauses(a), Clauses(b), Clauses(c)], Local(21), Remote(6),
               Dynamic(10)]),
    io:format("lists:map: ~w~n", [lists:map(Add, [1, 2, 3])]),
    io:format("is_function: ~p~n",
              [[is_function(F) || F <- [Add, Fact, Local, Remote, Dynamic, Plain]]]),
    io:format("is_function/2: ~p ~p~n", [is_function(Add, 1), is_function(Add, 2)]),
    io:format("portable: ~p~n",
              [[erlang:is_function_portable(F)
                || F <- [Add, Fact, Clauses, Local, Remote, Dynamic, Plain, fun double/1,
                         fun pfun_cpx:fac/1, 42, self()]]]),
    io:format("types: ~p~n",
              [[erlang:fun_info(F, type) || F <- [Add, Local, Plain, fun pfun_cpx:fac/1]]]),
    io:format("arity/module/name: ~p~n",
              [[{erlang:fun_info(F, arity), erlang:fun_info(F, module), erlang:fun_info(F, name)}
                || F <- [Local, Remote, Dynamic]]]),
    io:format("env: ~w ~w~n", [erlang:fun_info(Add, env), erlang:fun_info(Remote, env)]),
    io:format("equal: ~p ~p ~p ~p~n",
              [Add =:= Add, Remote =:= pfun pfun_cpx:fac/1, Remote =:= Dynamic,
               Local == fun double/1]),
    io:format("ordered: ~p~n", [lists:sort([Remote, Remote, Dynamic]) =:= lists:sort([Dynamic, Remote, Remote])]),
    io:format("phash2: ~p~n", [is_integer(erlang:phash2(Add)) andalso
                               erlang:phash2(Remote) =:= erlang:phash2(pfun pfun_cpx:fac/1)]),
    Bin = term_to_binary({Add, Remote, Local}),
    {Add2, Remote2, Local2} = binary_to_term(Bin),
    io:format("term_to_binary: ~p ~p ~p ~p~n",
              [Add2(5), Remote2(5), Local2(5), erlang:is_function_portable(Remote2)]),
    Printed = lists:flatten(io_lib:format("~p", [Add])),
    io:format("printed: ~p~n", [lists:prefix("#Fun<pfun_basic.", Printed)]),
    Pid = spawn(pfun() -> pfun_cpx:fac(6) + pfun_cpx:fib(2) end),
    io:format("spawn/1: ~p~n", [get_result(Pid)]),
    Pid2 = spawn(node(), pfun() -> Fact(10) end),
    io:format("spawn/2 here: ~p~n", [get_result(Pid2)]),
    io:format("spawn/2 elsewhere: ~p~n",
              [reason(catch spawn('other@nowhere', pfun() -> ok end))]),
    io:format("spawn/4 here: ~p~n", [get_result(spawn(node(), pfun_cpx, fac, [5]))]),
    io:format("missing: ~p~n", [reason(catch erlang:make_pfun(pfun_cpx, nope, 1))]),
    io:format("not exported: ~p~n", [reason(catch erlang:make_pfun(pfun_basic, double, 1))]),
    io:format("native: ~p~n", [reason(catch erlang:make_pfun(erlang, length, 1))]),
    io:format("bad args: ~p~n", [reason(catch erlang:make_pfun("pfun_cpx", fac, 1))]),
    {badarity, {_, Args}} = reason(catch Add(1, 2)),
    io:format("badarity: ~p~n", [Args]).

reason({'EXIT', {Reason, _Stack}}) -> Reason;
reason(Other) -> {no_exit, Other}.

double(X) -> 2 * X.
