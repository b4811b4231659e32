%% expect: 5:11: call to local/imported function is_ok/1 is illegal in guard
-module(illegal_guard_call).
-export([f/1]).

f(X) when is_ok(X) -> yes;
f(_) -> no.

is_ok(X) -> X =:= ok.
