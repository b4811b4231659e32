-module(lib_calendar).
-export([main/1]).

%% calendar's arithmetic and filename's text work, on fixed inputs; the clock
%% readings only by their shape.
main(_) ->
    Dates = [{1970, 1, 1}, {2000, 2, 29}, {1900, 3, 1}, {2024, 12, 31}, {1, 1, 1}, {2026, 11, 22}],
    [io:format("~p ~p ~p ~p~n", [D, calendar:date_to_gregorian_days(D), calendar:day_of_the_week(D),
                                 calendar:iso_week_number(D)]) || D <- Dates],
    io:format("~p~n", [[calendar:gregorian_days_to_date(N) || N <- [0, 1, 59, 60, 365, 366, 719528, 738000]]]),
    DT = {{2026, 11, 22}, {10, 5, 59}},
    S = calendar:datetime_to_gregorian_seconds(DT),
    io:format("~p ~p~n", [S, calendar:gregorian_seconds_to_datetime(S)]),
    io:format("~p~n", [calendar:gregorian_seconds_to_datetime(63000000000)]),
    io:format("~p ~p ~p ~p~n", [calendar:is_leap_year(2000), calendar:is_leap_year(1900),
                                calendar:is_leap_year(2024), calendar:is_leap_year(2023)]),
    io:format("~p~n", [[calendar:last_day_of_the_month(Y, M) || {Y, M} <- [{2023, 2}, {2024, 2}, {2024, 4}, {2024, 12}]]]),
    io:format("~p~n", [[calendar:valid_date(D) || D <- [{2023, 2, 29}, {2024, 2, 29}, {2024, 13, 1}, {2024, 0, 5}, {2024, 4, 31}]]]),
    io:format("~p ~p~n", [calendar:valid_date(2024, 6, 30), calendar:day_of_the_week(2024, 6, 30)]),
    io:format("~p ~p~n", [calendar:time_to_seconds({1, 2, 3}), calendar:seconds_to_time(3723)]),
    io:format("~p ~p~n", [calendar:seconds_to_daystime(100000), calendar:seconds_to_daystime(-5)]),
    io:format("~p~n", [calendar:time_difference({{2024, 1, 1}, {0, 0, 0}}, {{2024, 3, 1}, {12, 0, 1}})]),
    io:format("~p~n", [calendar:now_to_datetime({1795, 342249, 581167})]),
    io:format("~p~n", [calendar:system_time_to_universal_time(1700000000123, millisecond)]),
    io:format("~p~n", [try calendar:date_to_gregorian_days(2023, 2, 29) catch C:R -> {C, R} end]),
    io:format("~p~n", [try calendar:last_day_of_the_month(2023, 13) catch C2:R2 -> {C2, R2} end]),
    {{Y, Mo, D}, {H, Mi, Se}} = calendar:local_time(),
    io:format("~p~n", [calendar:valid_date(Y, Mo, D) andalso H < 24 andalso Mi < 60 andalso Se < 60]),
    {UD, _} = calendar:universal_time(),
    io:format("~p ~p~n", [calendar:valid_date(UD), is_tuple(erlang:date()) andalso is_tuple(erlang:time())]),
    %% filename
    Names = ["/usr/local/bin/erl", "src/kalle.erl", "kalle", "a//b/", "/", "", ".profile",
             "dir/.hidden", "a.b.c/d.e", "../x.tar.gz", <<"/bin/sh.x">>, <<"a//">>],
    [io:format("~p ~p ~p ~p ~p ~p~n", [filename:split(N), filename:basename(N), filename:dirname(N),
                                        filename:extension(N), filename:rootname(N),
                                        filename:basename(N, ".erl")]) || N <- Names],
    io:format("~p~n", [filename:join(["/usr", "local", "bin"])]),
    io:format("~p~n", [filename:join(["a/", "b//c", "/abs", "d"])]),
    io:format("~p ~p~n", [filename:join("a", <<"b">>), filename:join(<<"a">>, "b")]),
    io:format("~p ~p~n", [filename:join(a, 'b.erl'), filename:join([[$x, "y"], "z"])]),
    io:format("~p ~p~n", [filename:rootname("x/y.erl", ".erl"), filename:rootname("x/y.beam", ".erl")]),
    io:format("~p ~p~n", [filename:absname("/a/b"), filename:pathtype("rel/x")]),
    io:format("~p~n", [filename:absname("rel") =:= filename:join(element(2, file:get_cwd()), "rel")]).
