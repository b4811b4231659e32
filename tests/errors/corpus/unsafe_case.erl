%% expect: 10:5: variable 'Z' unsafe in 'case' (line 6, column 5)
-module(unsafe_case).
-export([f/1]).

f(X) ->
    case X of
        {ok, V} -> Z = V;
        error -> ok
    end,
    Z.
