%% expect: 7:7: variable 'K' is unbound
%% expect: 8:32: variable 'Missing' is unbound
-module(map_errors).
-export([f/1]).

f(M) ->
    #{K := V} = M,
    M2 = M#{new => V, other := Missing},
    {K, M2}.
