%% expect: 14:5: variable 'R' unsafe in 'case' (line 6, column 5)
-module(unsafe_nested).
-export([f/2]).

f(A, B) ->
    case A of
        1 ->
            case B of
                x -> R = 1;
                _ -> R = 2
            end;
        _ -> ok
    end,
    R.
