%% expect: 6:5: function helper/1 undefined
-module(undefined_call).
-export([f/1]).

f(X) ->
    helper(X) + lists:sum([X]).
