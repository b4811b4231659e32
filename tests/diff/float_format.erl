-module(float_format).
-export([main/1]).

%% ~e ~f ~g with widths and precisions, and float_to_list/2 options.
main(_) ->
    Fs = [0.0, 1.0, -1.5, 3.14159265, 123456.789, 1.0e-7, 1.0e20, 0.5, 2.675, 99.995],
    lists:foreach(
      fun(F) ->
              io:format("[~e] [~f] [~g] [~.2e] [~.2f] [~.3g] [~12.4f] [~-12.4f|]~n",
                        [F, F, F, F, F, F, F, F])
      end, Fs),
    io:format("~s~n", [float_to_list(3.14159, [{decimals, 2}])]),
    io:format("~s~n", [float_to_list(3.0, [{decimals, 4}, compact])]),
    io:format("~s~n", [float_to_list(2.5, [{scientific, 3}])]),
    io:format("~s~n", [float_to_binary(0.1, [{decimals, 10}])]),
    io:format("~s~n", [float_to_list(1.0e-5)]),
    io:format("~s ~s~n", [io_lib:format("~.1f", [0.05]), io_lib:format("~.1f", [0.15])]),
    io:format("[~10.3e] [~-10.2e] [~*.*f]~n", [1234.5, -0.001, 9, 3, 2.0 / 3]),
    ok.
