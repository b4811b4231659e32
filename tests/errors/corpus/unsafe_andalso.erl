%% expect: 7:5: variable 'Y' unsafe in 'andalso' (line 6, column 7)
-module(unsafe_andalso).
-export([f/1]).

f(X) ->
    X andalso (Y = true),
    Y.
