%% expect: 5:2: function f/0 undefined
%% expect: 7:8: illegal integer
%% expect: 7:11: syntax error before: XYZ
-module(illegal_integer).
-export([f/0]).

f() -> 16#XYZ.
