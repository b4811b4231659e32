-module(algo_numeric).
-export([main/1]).

gcd(A, 0) -> abs(A);
gcd(A, B) -> gcd(B, A rem B).
lcm(A, B) -> abs(A * B) div gcd(A, B).

collatz(1, Steps) -> Steps;
collatz(N, Steps) when N rem 2 =:= 0 -> collatz(N div 2, Steps + 1);
collatz(N, Steps) -> collatz(3 * N + 1, Steps + 1).

isqrt(0) -> 0;
isqrt(N) -> isqrt(N, N).
isqrt(N, X) ->
    Y = (X + N div X) div 2,
    if Y >= X -> X; true -> isqrt(N, Y) end.

powmod(_, 0, _) -> 1;
powmod(B, E, M) when E rem 2 =:= 0 -> H = powmod(B, E div 2, M), H * H rem M;
powmod(B, E, M) -> B * powmod(B, E - 1, M) rem M.

popcount(0) -> 0;
popcount(N) -> (N band 1) + popcount(N bsr 1).

%% Number theory with small and big integers.
main(_) ->
    io:format("~p~n", [[gcd(48, 18), gcd(-48, 18), gcd(17, 5), lcm(4, 6), lcm(21, 6)]]),
    io:format("~p~n", [gcd(1 bsl 100, 3 bsl 50)]),
    io:format("~p~n", [[collatz(N, 0) || N <- [1, 7, 27, 97, 871]]]),
    io:format("~p~n", [[isqrt(N) || N <- [0, 1, 15, 16, 17, 1000000]]]),
    io:format("~p~n", [isqrt(1 bsl 201)]),
    io:format("~p~n", [powmod(2, 1000, 1000000007)]),
    io:format("~p~n", [powmod(3, 1 bsl 20, (1 bsl 61) - 1)]),
    io:format("~p~n", [[popcount(N) || N <- [0, 1, 255, 1 bsl 70, (1 bsl 70) - 1]]]),
    io:format("~p~n", [lists:sum([N || N <- lists:seq(1, 999), N rem 3 =:= 0 orelse N rem 5 =:= 0])]),
    ok.
