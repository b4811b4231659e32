%% expect: 6:2: unbalanced '-endif'
-module(unbalanced_endif).
-export([f/0]).

f() -> ok.
-endif.
