%% expect: 4:2: function f/3 undefined
%% expect: 6:21: syntax error before: '<'
-module(comparison_chain).
-export([f/3]).

f(A, B, C) -> A < B < C.
