%% expect: 11:5: variable 'Res' unsafe in 'try' (line 6, column 5)
-module(unsafe_try).
-export([f/1]).

f(X) ->
    try X() of
        R -> Res = R
    catch
        _:_ -> Res = error
    end,
    Res.
