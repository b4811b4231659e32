-module(control).
-export([run/1, classify/1, safe_div/2, loop/2]).
-compile({no_auto_import, [size/1]}).

classify(N) when is_integer(N), N < 0 -> negative;
classify(0) -> zero;
classify(N) when is_integer(N) -> positive;
classify(F) when is_float(F); is_number(F) -> float;
classify(_) -> other.

safe_div(A, B) ->
    try A div B of
        Q when Q > 100 -> {big, Q};
        Q -> {ok, Q}
    catch
        error:badarith:Stack -> {error, badarith, length(Stack)};
        Class:Reason -> {Class, Reason}
    after
        ok
    end.

size(L) -> erlang:length(L).

loop(0, Acc) -> lists:reverse(Acc);
loop(N, Acc) ->
    Next = case N rem 3 of
               0 -> fizz;
               _ when N rem 5 =:= 0 -> buzz;
               R -> R
           end,
    loop(N - 1, [Next | Acc]).

run(Items) ->
    Self = self(),
    Pid = spawn(fun() -> Self ! {done, size(Items)} end),
    Result = receive
                 {done, Count} -> Count
             after 1000 ->
                 timeout
             end,
    Bin = <<1:8, 2:16/little, "abc", (byte_size(<<"xy">>)):8>>,
    <<First:8, Rest/binary>> = Bin,
    Bits = << <<(X * 2)>> || <<X>> <= Rest >>,
    Fact = fun F(0) -> 1; F(K) -> K * F(K - 1) end,
    Portable = pfun(X) -> X + 1 end,
    Ref = pfun classify/1,
    Ext = fun lists:sum/1,
    Str = "multi" "part" ++ [$\n, $\x{41}, $\101],
    Big = 16#FFFFFFFFFFFFFFFFFFFF + 1_000_000,
    Neg = -(1 bsl 70) band bnot 0,
    Bool = not (Pid =:= Self) andalso (First > 0 orelse false),
    catch throw(ignored),
    {Result, Bits, Fact(5), Portable, Ref, Ext, Str, Big, Neg, Bool}.
