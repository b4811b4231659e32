%% expect: 4:2: function f/0 undefined
%% expect: 7:1: unterminated '-ifdef'
-module(unterminated_ifdef).
-export([f/0]).
-ifdef(DEBUG).
f() -> debug.
