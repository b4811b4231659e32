%% expect: 9:9: variable 'Inner' is unbound
%% expect: 9:16: variable 'Y' is unbound
-module(fun_scope).
-export([f/1]).

f(L) ->
    F = fun(X) -> Inner = X * 2, Inner end,
    [Y || Y <- L],
    {F, Inner, Y}.
