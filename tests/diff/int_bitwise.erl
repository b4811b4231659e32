-module(int_bitwise).
-export([main/1]).

%% band bor bxor bnot bsl bsr on small, negative and big integers.
main(_) ->
    Vals = [0, 1, -1, 5, -6, 255, 12345, -12345, 1 bsl 62, -(1 bsl 62),
            1 bsl 64 + 3, -(1 bsl 70) - 5, 16#FFFFFFFFFFFFFFFFFFFF],
    lists:foreach(
      fun(A) ->
              lists:foreach(
                fun(B) ->
                        io:format("~w ~w: ~w ~w ~w~n",
                                  [A, B, A band B, A bor B, A bxor B])
                end, [3, -4, 1 bsl 65 - 1])
      end, Vals),
    lists:foreach(fun(A) -> io:format("bnot ~w = ~w~n", [A, bnot A]) end, Vals),
    lists:foreach(
      fun(S) ->
              io:format("~w: ~w ~w ~w ~w~n",
                        [S, 1 bsl S, -1 bsl S, 12345 bsr S, -12345 bsr S])
      end, [0, 1, 7, 31, 32, 59, 60, 61, 63, 64, 65, 100]),
    io:format("~w ~w~n", [16#F0 bsl -4, 16#F0 bsr -4]),
    io:format("~w~n", [(1 bsl 100) bsr 99]),
    io:format("~w~n", [(-1 bsl 100) bsr 99]),
    io:format("~w~n", [(-(1 bsl 100) + 1) bsr 50]),
    ok.
