-module(primes).
-export([main/1]).

%% Prime sieve with list comprehensions and a fold: `pfun run examples/primes.erl`.
sieve([]) -> [];
sieve([P | Xs]) -> [P | sieve([X || X <- Xs, X rem P =/= 0])].

main(_Args) ->
    Ps = sieve(lists:seq(2, 200)),
    io:format("~b primes below 200:~n~p~n", [length(Ps), Ps]),
    Twins = [{P, P + 2} || P <- Ps, lists:member(P + 2, Ps)],
    io:format("twin primes: ~w~n", [Twins]).
