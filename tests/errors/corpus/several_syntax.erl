%% expect: 10:2: function a/0 undefined
%% expect: 10:2: function c/0 undefined
%% expect: 10:2: function d/0 undefined
%% expect: 12:13: syntax error before: '.'
%% expect: 14:13: syntax error before: ']'
%% expect: 15:19: syntax error before: '.'
%% expect: 16:10: bit type banana undefined
%% expect: 17:15: syntax error before: '}'
-module(several_syntax).
-export([a/0, b/0, c/0, d/0]).

a() -> [1, 2.
b() -> ok.
c() -> {1, 2]].
d() -> fun(X) -> X.
e() -> <<1:8/little-banana>>.
f() -> #{a => }.
