-module(dm_more).
-export([sum_list/2, crash/1]).

%% Second helper module, called only from dm_util (a transitive dependency).
sum_list([], Acc) -> Acc;
sum_list([H | T], Acc) -> sum_list(T, Acc + H).

crash(X) -> {ok, _} = X.
