%% expect: 6:1: function f/1 already defined
-module(already_defined).
-export([f/1]).

f(0) -> zero.
f(N) -> N.
