%% rand: pseudo-random numbers with the documented API of OTP's rand (the state in
%% the process dictionary under rand_seed, explicit-state *_s variants), but not
%% its sequences: the numbers differ from erl's for the same seed.
%%
%% Generator (every algorithm name maps to it): xorshift116, Marsaglia's xorshift
%% in the shape of Vigna's xorshift128+ on two 58-bit words (shifts 24, 11, 41),
%% whose output is scrambled with Blackman and Vigna's "**" (multiply by 5, rotate
%% left by 7, multiply by 9). 58-bit words stay small integers, so a step does not
%% allocate. Seeds are spread over the state with Vigna's splitmix64; the state is
%% never all zero.
%%
%% The state is {#{type => Alg}, [S0 | S1]}. normal/0 uses the Marsaglia polar
%% method; uniform(N) rejects the top remainder of the 58-bit range, so every
%% value 1..N is equally likely.
-module(rand).

-export([seed/1, seed/2, seed_s/1, seed_s/2, export_seed/0, export_seed_s/1,
         uniform/0, uniform/1, uniform_s/1, uniform_s/2, uniform_real/0,
         uniform_real_s/1, normal/0, normal/2, normal_s/1, normal_s/3, bytes/1,
         bytes_s/2, jump/0, jump/1]).

-define(MASK58, 16#3ffffffffffffff).
-define(MASK64, 16#ffffffffffffffff).
-define(TWO_POW_MINUS53, 1.1102230246251565e-16).

%% ---- seeding ----

seed(AlgOrState) -> store(seed_s(AlgOrState)).

seed(Alg, Seed) -> store(seed_s(Alg, Seed)).

store(State) ->
    put(rand_seed, State),
    State.

seed_s({#{type := _}, [_ | _]} = State) -> State;
seed_s({Alg, Exported}) when is_atom(Alg) -> seed_s(Alg, Exported);
seed_s(Alg) when is_atom(Alg) ->
    check_alg(Alg),
    seed_s(Alg, {erlang:monotonic_time(), erlang:unique_integer(),
                 erlang:phash2({self(), erlang:system_time()})}).

seed_s(Alg, [S0 | S1]) when is_atom(Alg), is_integer(S0), is_integer(S1) ->
    check_alg(Alg),
    {#{type => Alg}, nonzero(S0 band ?MASK58, S1 band ?MASK58)};
seed_s(Alg, {A1, A2, A3}) when is_atom(Alg), is_integer(A1), is_integer(A2), is_integer(A3) ->
    check_alg(Alg),
    seed_words(Alg, ((A1 * 16#9e3779b97f4a7c15) bxor (A2 * 16#bf58476d1ce4e5b9)
                     bxor (A3 * 16#94d049bb133111eb)) band ?MASK64);
seed_s(Alg, Int) when is_atom(Alg), is_integer(Int) ->
    check_alg(Alg),
    seed_words(Alg, Int band ?MASK64).

check_alg(Alg) ->
    case lists:member(Alg, [default, exsss, exsplus, exsp, exrop, exs1024, exs1024s,
                            exro928ss, exs64]) of
        true -> ok;
        false -> erlang:error(function_clause, [Alg])
    end.

seed_words(Alg, X0) ->
    {Z1, X1} = splitmix64(X0),
    {Z2, _} = splitmix64(X1),
    {#{type => Alg}, nonzero(Z1 band ?MASK58, Z2 band ?MASK58)}.

nonzero(0, 0) -> [1 | 0];
nonzero(S0, S1) -> [S0 | S1].

%% Vigna's splitmix64: one 64-bit output and the next counter.
splitmix64(X0) ->
    X = (X0 + 16#9e3779b97f4a7c15) band ?MASK64,
    Z0 = ((X bxor (X bsr 30)) * 16#bf58476d1ce4e5b9) band ?MASK64,
    Z1 = ((Z0 bxor (Z0 bsr 27)) * 16#94d049bb133111eb) band ?MASK64,
    {Z1 bxor (Z1 bsr 31), X}.

export_seed() ->
    case get(rand_seed) of
        undefined -> undefined;
        State -> export_seed_s(State)
    end.

export_seed_s({#{type := Alg}, Words}) -> {Alg, Words}.

%% ---- the generator ----

%% A 58-bit output and the next state.
next([S1 | S0]) ->
    A = S1 bxor ((S1 bsl 24) band ?MASK58),
    B = A bxor (A bsr 11),
    S1New = B bxor S0 bxor (S0 bsr 41),
    X = (S0 * 5) band ?MASK58,
    R = ((X bsl 7) band ?MASK58) bor (X bsr 51),
    {(R * 9) band ?MASK58, [S0 | S1New]}.

state() ->
    case get(rand_seed) of
        undefined -> seed(default);
        State -> State
    end.

%% ---- uniform ----

uniform() ->
    {X, State} = uniform_s(state()),
    put(rand_seed, State),
    X.

uniform(N) ->
    {X, State} = uniform_s(N, state()),
    put(rand_seed, State),
    X.

uniform_s({Alg, Words}) ->
    {V, Words1} = next(Words),
    {(V bsr 5) * ?TWO_POW_MINUS53, {Alg, Words1}}.

uniform_s(N, {Alg, Words}) when is_integer(N), N >= 1 ->
    {V, Words1} = uniform_int(N, Words),
    {V + 1, {Alg, Words1}}.

%% An integer in 0..N-1 without bias: draws whole 58-bit words (several for a
%% large N) and retries when the draw falls in the incomplete top range.
uniform_int(N, Words) ->
    {Bits, Range} = range_for(N, 58, 1 bsl 58),
    {V, Words1} = draw(Bits, Words, 0),
    Limit = Range - (Range rem N),
    if
        V < Limit -> {V rem N, Words1};
        true -> uniform_int(N, Words1)
    end.

range_for(N, Bits, Range) when Range >= N -> {Bits, Range};
range_for(N, Bits, Range) -> range_for(N, Bits + 58, Range bsl 58).

draw(Bits, Words, Acc) when Bits =< 0 -> {Acc, Words};
draw(Bits, Words, Acc) ->
    {V, Words1} = next(Words),
    draw(Bits - 58, Words1, (Acc bsl 58) bor V).

uniform_real() ->
    {X, State} = uniform_real_s(state()),
    put(rand_seed, State),
    X.

%% In (0.0, 1.0): zero is drawn again.
uniform_real_s(State) ->
    case uniform_s(State) of
        {X, State1} when X == 0 -> uniform_real_s(State1);
        Result -> Result
    end.

%% ---- normal ----

normal() ->
    {X, State} = normal_s(state()),
    put(rand_seed, State),
    X.

normal(Mean, Variance) -> Mean + math:sqrt(Variance) * normal().

normal_s(State) ->
    {U1, State1} = uniform_s(State),
    {U2, State2} = uniform_s(State1),
    X = 2.0 * U1 - 1.0,
    Y = 2.0 * U2 - 1.0,
    S = X * X + Y * Y,
    if
        S >= 1.0; S == 0.0 -> normal_s(State2);
        true -> {X * math:sqrt(-2.0 * math:log(S) / S), State2}
    end.

normal_s(Mean, Variance, State) ->
    {X, State1} = normal_s(State),
    {Mean + math:sqrt(Variance) * X, State1}.

%% ---- bytes, jump ----

bytes(N) ->
    {Bin, State} = bytes_s(N, state()),
    put(rand_seed, State),
    Bin.

bytes_s(N, {Alg, Words}) when is_integer(N), N >= 0 ->
    {Bin, Words1} = bytes_1(N, Words, []),
    {Bin, {Alg, Words1}}.

bytes_1(N, Words, Acc) when N =< 0 -> {list_to_binary(lists:reverse(Acc)), Words};
bytes_1(N, Words, Acc) ->
    {V, Words1} = next(Words),
    bytes_1(N - 1, Words1, [(V bsr 20) band 255 | Acc]).

%% A far-away state: here a reseed from the current words (not erl's 2^64 jump;
%% sequences drawn from the two states are still independent in practice).
jump() -> store(jump(state())).

jump({Alg, [S0 | S1]}) -> seed_words(Alg, (S0 bxor (S1 bsl 6)) band ?MASK64).
