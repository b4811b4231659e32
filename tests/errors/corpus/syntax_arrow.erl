%% expect: 4:2: function f/1 undefined
%% expect: 6:6: syntax error before: '=>'
-module(syntax_arrow).
-export([f/1]).

f(X) => X.
