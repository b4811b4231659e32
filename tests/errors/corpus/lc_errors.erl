%% expect: 7:28: variable 'Z' is unbound
%% expect: 7:57: variable 'W' is unbound
-module(lc_errors).
-export([f/1]).

f(L) ->
    [{X, Y} || X <- L, X > Z, Y <- lists:seq(1, X)] ++ [W || _ <- L].
