%% expect: 6:9: variable 'Y' is unbound
-module(unbound_var).
-export([f/1]).

f(X) ->
    X + Y.
