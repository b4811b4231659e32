%% expect: 9:2: function d/0 undefined
%% expect: 9:2: function missing/0 undefined
%% expect: 11:8: variable 'X' is unbound
%% expect: 12:13: illegal guard expression
%% expect: 13:9: function undefined_thing/1 undefined
%% expect: 14:8: syntax error before: ')'
%% expect: 16:1: head mismatch
-module(many_errors).
-export([a/0, b/1, c/1, d/0, missing/0]).

a() -> X.
b(Y) when Y ++ [] -> Y.
c(Z) -> undefined_thing(Z).
d() -> ).
e(1) -> 1;
e(2, 3) -> 2.
