-module(algo_interp).
-export([main/1]).

eval({num, N}, _) -> N;
eval({var, V}, Env) -> maps:get(V, Env);
eval({add, A, B}, Env) -> eval(A, Env) + eval(B, Env);
eval({mul, A, B}, Env) -> eval(A, Env) * eval(B, Env);
eval({sub, A, B}, Env) -> eval(A, Env) - eval(B, Env);
eval({'let', V, E, Body}, Env) -> eval(Body, Env#{V => eval(E, Env)});
eval({'if', C, T, E}, Env) ->
    case eval(C, Env) of 0 -> eval(E, Env); _ -> eval(T, Env) end;
eval({lam, V, Body}, Env) -> {closure, V, Body, Env};
eval({app, F, A}, Env) ->
    {closure, V, Body, CEnv} = eval(F, Env),
    eval(Body, CEnv#{V => eval(A, Env)}).

show({num, N}) -> integer_to_list(N);
show({var, V}) -> atom_to_list(V);
show({add, A, B}) -> "(" ++ show(A) ++ " + " ++ show(B) ++ ")";
show({mul, A, B}) -> show(A) ++ " * " ++ show(B);
show({sub, A, B}) -> "(" ++ show(A) ++ " - " ++ show(B) ++ ")";
show(_) -> "...".

%% An interpreter for a tiny expression language with closures.
main(_) ->
    E1 = {add, {num, 2}, {mul, {num, 3}, {var, x}}},
    io:format("~s = ~p~n", [show(E1), eval(E1, #{x => 4})]),
    E2 = {'let', sq, {lam, n, {mul, {var, n}, {var, n}}}, {app, {var, sq}, {num, 12}}},
    io:format("~p~n", [eval(E2, #{})]),
    E3 = {'let', k, {num, 10}, {'let', f, {lam, y, {add, {var, y}, {var, k}}},
                                {'let', k, {num, 1000}, {app, {var, f}, {num, 1}}}}},
    io:format("~p~n", [eval(E3, #{})]),
    E4 = {'if', {sub, {num, 3}, {num, 3}}, {num, 1}, {num, 2}},
    io:format("~p~n", [eval(E4, #{})]),
    io:format("~p~n", [try eval({var, nope}, #{}) catch error:R -> R end]),
    ok.
