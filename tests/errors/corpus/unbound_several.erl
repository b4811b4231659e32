%% expect: 9:13: variable 'C' is unbound
%% expect: 10:9: variable 'D' is unbound
%% expect: 12:9: variable 'E' is unbound
%% expect: 12:12: variable 'E' is unbound
-module(unbound_several).
-export([f/1, g/0]).

f(A) ->
    B = A + C,
    {B, D, A}.

g() -> {E, E}.
