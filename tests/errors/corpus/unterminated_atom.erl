%% expect: 4:2: function f/0 undefined
%% expect: 6:8: unterminated atom starting with 'oops.\n'
-module(unterminated_atom).
-export([f/0]).

f() -> 'oops.
