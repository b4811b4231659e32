%% expect: 4:2: function f/0 undefined
%% expect: 6:10: syntax error before: 2
-module(syntax_two_terms).
-export([f/0]).

f() -> 1 2.
