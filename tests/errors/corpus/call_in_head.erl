%% expect: 4:2: function f/1 undefined
%% expect: 6:4: syntax error before: '('
-module(call_in_head).
-export([f/1]).

f(g(X)) -> X.
