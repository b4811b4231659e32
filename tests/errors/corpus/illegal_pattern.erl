%% expect: 10:9: illegal pattern
%% expect: 10:22: variable 'Y' is unbound
%% expect: 11:12: illegal pattern
%% expect: 11:20: variable 'A' is unbound
-module(illegal_pattern).
-export([f/1]).

f(X) ->
    case X of
        length(Y) -> Y;
        {A + 1} -> A
    end.
