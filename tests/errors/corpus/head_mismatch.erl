%% expect: 4:2: function f/1 undefined
%% expect: 7:1: head mismatch
-module(head_mismatch).
-export([f/1]).

f(0) -> zero;
g(N) -> N.
