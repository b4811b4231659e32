%% expect: 9:5: variable 'Pos' unsafe in 'if' (line 6, column 5)
-module(unsafe_if).
-export([f/1]).

f(X) ->
    if X > 0 -> Pos = true;
       true -> ok
    end,
    Pos.
