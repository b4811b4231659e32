%% expect: 4:2: function f/0 undefined
%% expect: 6:8: unterminated character
-module(unterminated_char).
-export([f/0]).

f() -> $