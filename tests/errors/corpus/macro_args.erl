%% expect: 4:2: function f/0 undefined
%% expect: 7:9: argument mismatch for macro 'PAIR'
-module(macro_args).
-export([f/0]).
-define(PAIR(A, B), {A, B}).

f() -> ?PAIR(1).
