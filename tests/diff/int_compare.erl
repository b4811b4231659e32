-module(int_compare).
-export([main/1]).

%% Comparisons across small integers, bignums and floats.
main(_) ->
    Xs = [0, 1, -1, 1.0, -1.0, 0.0, 1 bsl 70, -(1 bsl 70), 1.0e30, -1.0e30,
          1152921504606846975, 1152921504606846976, 1.5, 2],
    lists:foreach(
      fun(A) ->
              R = [{A < B, A == B, A =:= B, A >= B} || B <- Xs],
              io:format("~w ~w~n", [A, [if L -> 'L'; E -> 'E'; S -> 'S'; G -> 'G'; true -> '?' end
                                        || {L, E, S, G} <- R]])
      end, Xs),
    io:format("~w~n", [lists:sort(Xs)]),
    io:format("~w ~w~n", [1 bsl 70 == float(1 bsl 70), 1 bsl 70 =:= float(1 bsl 70)]),
    io:format("~w~n", [(1 bsl 53) + 1 == float((1 bsl 53) + 1)]),
    io:format("~w ~w~n", [max(1, 1.0), min(1, 1.0)]),
    io:format("~w ~w~n", [max(1.0, 1), min(1.0, 1)]),
    ok.
