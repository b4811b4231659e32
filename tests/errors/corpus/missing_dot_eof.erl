%% expect: 4:2: function f/0 undefined
%% expect: 6:8: syntax error before: 
-module(missing_dot_eof).
-export([f/0]).

f() -> ok