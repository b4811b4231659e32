%% timer: measuring (tc) and waiting (sleep), plus the time conversions.
-module(timer).

-export([tc/1, tc/2, tc/3, sleep/1, seconds/1, minutes/1, hours/1, hms/3]).

tc(F) ->
    T1 = erlang:monotonic_time(),
    Val = F(),
    T2 = erlang:monotonic_time(),
    {erlang:convert_time_unit(T2 - T1, native, microsecond), Val}.

tc(F, A) ->
    T1 = erlang:monotonic_time(),
    Val = apply(F, A),
    T2 = erlang:monotonic_time(),
    {erlang:convert_time_unit(T2 - T1, native, microsecond), Val}.

tc(M, F, A) ->
    T1 = erlang:monotonic_time(),
    Val = apply(M, F, A),
    T2 = erlang:monotonic_time(),
    {erlang:convert_time_unit(T2 - T1, native, microsecond), Val}.

sleep(T) ->
    receive
    after T -> ok
    end.

seconds(Seconds) -> 1000 * Seconds.
minutes(Minutes) -> 1000 * 60 * Minutes.
hours(Hours) -> 1000 * 60 * 60 * Hours.
hms(H, M, S) -> hours(H) + minutes(M) + seconds(S).
