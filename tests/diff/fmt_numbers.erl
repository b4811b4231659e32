-module(fmt_numbers).
-export([main/1]).

%% Integer directives: ~b ~B ~x ~X ~# with bases, widths, padding; ~c; ~i; ~~.
main(_) ->
    Ns = [0, 1, 255, -255, 123456789, -1 bsl 70, 1 bsl 64],
    lists:foreach(
      fun(N) ->
              io:format("~b ~.2B ~.8B ~.16B ~.16b ~.36B ~.16x ~.16X ~.16# ~.2#~n",
                        [N, N, N, N, N, N, N, "0x", N, "0x", N, N])
      end, Ns),
    io:format("[~8b] [~-8b] [~8.16B] [~.16.0B] [~8..0B]~n", [42, 42, 255, 255, 42]),
    io:format("[~10.10.0b] [~5.2b]~n", [7, 3]),
    io:format("~c~c~c~n", [$a, $b, $c]),
    io:format("[~5c] [~-5c] [~.3c]~n", [$x, $y, $z]),
    io:format("~i~w~n", [ignored, shown]),
    io:format("~~ ~n"),
    io:format("no args~n", []),
    io:format("~B ~b~n", [-0, 16#ABCDEF]),
    io:format("~e ~f~n", [1.0, 1.0]),
    io:format("~.3e ~.1f ~10.4g|~n", [1234.5678, 0.05, 1234.5678]),
    io:format("~p ~p~n", [16#ff, 2#1010]),
    io:format("~p ~p ~p~n", [36#zz, 8#777, -16#10]),
    io:format("~w~n", [1_000_000]),
    ok.
