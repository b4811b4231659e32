%% expect: 6:13: illegal guard expression
%% expect: 9:13: illegal guard expression
-module(illegal_guard_op).
-export([f/1, g/1]).

f(L) when L ++ [1] =:= [1] -> empty;
f(_) -> other.

g(P) when P ! hello -> ok.
