%% expect: 4:2: function f/1 undefined
%% expect: 9:5: syntax error before: '.'
-module(syntax_missing_end).
-export([f/1]).

f(X) ->
    case X of
        1 -> one
    .
