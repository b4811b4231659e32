%% expect: 7:5: variable 'Y' unsafe in 'catch' (line 6, column 5)
-module(unsafe_catch).
-export([f/1]).

f(X) ->
    catch (Y = X()),
    Y.
