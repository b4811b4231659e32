-module(dm_util).
-export([double/1, sum/1, greet/1, apply_to/2, counter/0]).

%% A helper module used by multi_module.erl (not a program: no main/1).
double(X) -> 2 * X.

sum(L) -> dm_more:sum_list(L, 0).

greet(Name) -> "hello, " ++ Name.

apply_to(F, X) -> F(X).

counter() -> fun(N) -> N + 1 end.
