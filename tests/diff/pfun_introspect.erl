%% Portable functions' introspection: fun_info/1,2 items, hashes (16 bytes, equal for
%% equal code, different otherwise), calls, source code, portable_fun_info/2 and its
%% errors. Plain funs keep erl's fun_info.
-module(pfun_introspect).
-export([main/1]).

main(_) ->
    F = pfun(X) -> pfun_cpx:fac(X) + pfun_cpx:fib(X) end,
    Items = [Item || {Item, _} <- erlang:fun_info(F)],
    io:format("items: ~p~n", [Items]),
    {hash, H} = erlang:fun_info(F, hash),
    io:format("hash: ~p bytes~n", [byte_size(H)]),
    io:format("calls: ~p~n", [erlang:fun_info(F, calls)]),
    io:format("code: ~p~n", [erlang:fun_info(F, code)]),
    io:format("name: ~p~n", [erlang:fun_info(F, name)]),
    %% The same code written twice has one hash; other code another.
    G1 = pfun(X) -> X * 3 end,
    G2 = pfun(Y) -> Y * 3 end,
    G3 = pfun(X) -> X * 4 end,
    io:format("same code, same hash: ~p~n", [hash(G1) =:= hash(G2)]),
    io:format("other code, other hash: ~p~n", [hash(G1) =/= hash(G3)]),
    io:format("stable: ~p~n", [hash(F) =:= hash(F)]),
    %% pfun M:F/A is rooted at the function itself.
    Fac = pfun pfun_cpx:fac/1,
    Fib = pfun pfun_cpx:fib/1,
    io:format("fac calls: ~p~n", [erlang:fun_info(Fac, calls)]),
    io:format("fib calls: ~p~n", [erlang:fun_info(Fib, calls)]),
    io:format("fac code: ~p~n", [erlang:fun_info(Fac, code)]),
    io:format("fac /= fib: ~p~n", [hash(Fac) =/= hash(Fib)]),
    io:format("fac again: ~p~n", [hash(Fac) =:= hash(pfun pfun_cpx:fac/1)]),
    %% Calls inside a lambda the root creates are the root's calls; ambient ones
    %% (lists, erlang) are not listed.
    T = pfun(L) -> lists:map(fun(E) -> pfun_cpx:twice([E]) end, L) end,
    io:format("nested calls: ~p~n", [erlang:fun_info(T, calls)]),
    io:format("twice calls: ~p~n", [erlang:fun_info(pfun pfun_cpx:twice/1, calls)]),
    io:format("local calls: ~p~n", [erlang:fun_info(pfun(X) -> helper(X) end, calls)]),
    io:format("dependency_code: ~p~n",
              [erlang:portable_fun_info(F, {dependency_code, {pfun_cpx, fac, 1}})]),
    io:format("dependency_code: ~p~n",
              [erlang:portable_fun_info(F, {dependency_code, {pfun_bsc, mult, 2}})]),
    io:format("dependency_dep: ~p~n",
              [erlang:portable_fun_info(F, {dependency_dep, {pfun_cpx, fac, 1}})]),
    io:format("dependency_dep: ~p~n",
              [erlang:portable_fun_info(F, {dependency_dep, {pfun_bsc, mult, 2}})]),
    io:format("not in closure: ~p~n",
              [reason(catch erlang:portable_fun_info(F, {dependency_code, {pfun_cpx, twice, 1}}))]),
    io:format("ambient: ~p~n",
              [reason(catch erlang:portable_fun_info(T, {dependency_code, {lists, map, 2}}))]),
    io:format("bad item: ~p~n", [reason(catch erlang:portable_fun_info(F, foo))]),
    io:format("plain fun: ~p~n",
              [reason(catch erlang:portable_fun_info(fun(X) -> X end, {dependency_dep, {a, b, 1}}))]),
    io:format("plain hash: ~p~n", [reason(catch erlang:fun_info(fun(X) -> X end, hash))]),
    io:format("plain items: ~p~n", [[I || {I, _} <- erlang:fun_info(fun(X) -> X end)]]),
    io:format("external: ~p~n", [erlang:fun_info(fun pfun_cpx:fac/1)]),
    io:format("external index: ~p~n", [erlang:fun_info(fun pfun_cpx:fac/1, index)]),
    io:format("not a fun: ~p~n", [reason(catch erlang:fun_info(foo))]).

helper(X) -> X.

hash(F) -> element(2, erlang:fun_info(F, hash)).

reason({'EXIT', {Reason, _Stack}}) -> Reason;
reason(Other) -> {no_exit, Other}.
