%% expect: 4:2: function f/1 undefined
%% expect: 7:19: syntax error before: '.'
-module(syntax_missing_paren).
-export([f/1, g/0]).

f(X) ->
    foo(X, (1 + 2).

g() -> ok.
