%% expect: 5:9: redefining macro 'X'
-module(redefine_macro).
-export([f/0]).
-define(X, 1).
-define(X, 2).

f() -> ?X.
