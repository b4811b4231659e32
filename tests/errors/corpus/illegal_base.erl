%% expect: 5:2: function f/0 undefined
%% expect: 7:8: illegal base '40'
%% expect: 7:10: syntax error before: '#'
-module(illegal_base).
-export([f/0]).

f() -> 40#10.
