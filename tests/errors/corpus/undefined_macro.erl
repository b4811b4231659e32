%% expect: 4:2: function f/0 undefined
%% expect: 6:9: undefined macro 'TIMEOUT'
-module(undefined_macro).
-export([f/0]).

f() -> ?TIMEOUT.
