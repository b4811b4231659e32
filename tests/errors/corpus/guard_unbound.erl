%% expect: 5:15: variable 'Limit' is unbound
-module(guard_unbound).
-export([f/1]).

f(X) when X > Limit -> big;
f(_) -> small.
