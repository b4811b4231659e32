-module(math_mod).
-export([main/1]).

%% The math module.
main(_) ->
    io:format("~p~n", [math:pi()]),
    io:format("~p~n", [[math:sqrt(2), math:sqrt(16), math:pow(2, 10), math:pow(2.5, 2)]]),
    io:format("~p~n", [[math:sin(0), math:cos(0), math:tan(1.0)]]),
    io:format("~p~n", [[math:asin(1.0), math:acos(0.5), math:atan(1.0), math:atan2(1, -1)]]),
    io:format("~p~n", [[math:exp(1), math:log(10), math:log2(1024), math:log10(1000)]]),
    io:format("~p~n", [[math:sinh(1.0), math:cosh(1.0), math:tanh(0.5)]]),
    io:format("~p~n", [[math:floor(2.7), math:ceil(2.1), math:floor(-2.5), math:fmod(7.5, 2)]]),
    io:format("~p~n", [[math:erf(0.5), math:erfc(0.5)]]),
    io:format("~p~n", [try math:sqrt(-1) catch error:R -> R end]),
    io:format("~p~n", [try math:log(0) catch error:R2 -> R2 end]),
    io:format("~.6f~n", [math:sqrt(3)]),
    io:format("~p~n", [math:pow(10, -2)]),
    ok.
