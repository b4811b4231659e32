%% expect: 6:15: function double/1 undefined
-module(undefined_funref).
-export([f/0]).

f() ->
    lists:map(fun double/1, [1, 2, 3]).
