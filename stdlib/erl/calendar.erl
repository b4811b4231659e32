%% calendar: dates and times of the proleptic Gregorian calendar, pure arithmetic
%% (days are counted from year 0, January 1st = day 0, as the documented module).
%% The clock readings come from the erlang BIFs.
-module(calendar).

-export([local_time/0, universal_time/0, local_time_to_universal_time/1,
         local_time_to_universal_time/2, universal_time_to_local_time/1,
         date_to_gregorian_days/1, date_to_gregorian_days/3, gregorian_days_to_date/1,
         datetime_to_gregorian_seconds/1, gregorian_seconds_to_datetime/1,
         day_of_the_week/1, day_of_the_week/3, is_leap_year/1, last_day_of_the_month/2,
         valid_date/1, valid_date/3, time_to_seconds/1, seconds_to_time/1,
         seconds_to_daystime/1, time_difference/2, iso_week_number/0,
         iso_week_number/1, now_to_datetime/1, now_to_universal_time/1,
         now_to_local_time/1, system_time_to_universal_time/2,
         system_time_to_local_time/2]).

-define(SECONDS_PER_DAY, 86400).
-define(DAYS_FROM_0_TO_1970, 719528).

local_time() -> erlang:localtime().

universal_time() -> erlang:universaltime().

local_time_to_universal_time(DateTime) -> erlang:localtime_to_universaltime(DateTime).

local_time_to_universal_time(DateTime, IsDst) ->
    erlang:localtime_to_universaltime(DateTime, IsDst).

universal_time_to_local_time(DateTime) -> erlang:universaltime_to_localtime(DateTime).

date_to_gregorian_days({Year, Month, Day}) -> date_to_gregorian_days(Year, Month, Day).

date_to_gregorian_days(Year, Month, Day) when is_integer(Day), Day > 0 ->
    Last = last_day_of_the_month(Year, Month),
    if
        Day =< Last -> dy(Year) + dm(Month) + df(Year, Month) + Day - 1
    end.

%% Days before January 1st of Year.
dy(Y) when Y =< 0 -> 0;
dy(Y) ->
    X = Y - 1,
    X div 4 - X div 100 + X div 400 + X * 365 + 366.

%% Days before the first of month M in a non-leap year.
dm(1) -> 0;
dm(2) -> 31;
dm(3) -> 59;
dm(4) -> 90;
dm(5) -> 120;
dm(6) -> 151;
dm(7) -> 181;
dm(8) -> 212;
dm(9) -> 243;
dm(10) -> 273;
dm(11) -> 304;
dm(12) -> 334.

%% The leap day, for months after February of a leap year.
df(_, Month) when Month < 3 -> 0;
df(Year, _) ->
    case is_leap_year(Year) of
        true -> 1;
        false -> 0
    end.

gregorian_days_to_date(Days) when is_integer(Days), Days >= 0 ->
    {Year, DayOfYear} = day_to_year(Days),
    {Month, DayOfMonth} = year_day_to_date(Year, DayOfYear),
    {Year, Month, DayOfMonth}.

%% The year holding day Days, and the day's index within it (0-based).
day_to_year(Days) ->
    Y0 = Days div 365,
    Y1 = fix_year(Y0, Days),
    {Y1, Days - dy(Y1)}.

fix_year(Y, Days) ->
    case dy(Y) > Days of
        true -> fix_year(Y - 1, Days);
        false ->
            case dy(Y + 1) =< Days of
                true -> fix_year(Y + 1, Days);
                false -> Y
            end
    end.

year_day_to_date(Year, DayOfYear) ->
    Leap =
        case is_leap_year(Year) of
            true -> 1;
            false -> 0
        end,
    month_of(1, DayOfYear, Year, Leap).

month_of(12, DayOfYear, _, Leap) -> {12, DayOfYear - dm(12) - Leap + 1};
month_of(M, DayOfYear, Year, Leap) ->
    Extra =
        if
            M + 1 > 2 -> Leap;
            true -> 0
        end,
    case DayOfYear < dm(M + 1) + Extra of
        true ->
            Before =
                if
                    M > 2 -> Leap;
                    true -> 0
                end,
            {M, DayOfYear - dm(M) - Before + 1};
        false -> month_of(M + 1, DayOfYear, Year, Leap)
    end.

datetime_to_gregorian_seconds({Date, Time}) ->
    ?SECONDS_PER_DAY * date_to_gregorian_days(Date) + time_to_seconds(Time).

gregorian_seconds_to_datetime(Secs) when is_integer(Secs), Secs >= 0 ->
    Days = Secs div ?SECONDS_PER_DAY,
    Rest = Secs rem ?SECONDS_PER_DAY,
    {gregorian_days_to_date(Days), seconds_to_time(Rest)}.

%% 1 = Monday ... 7 = Sunday. Day 0 (January 1st of year 0) was a Saturday.
day_of_the_week({Year, Month, Day}) -> day_of_the_week(Year, Month, Day).

day_of_the_week(Year, Month, Day) ->
    (date_to_gregorian_days(Year, Month, Day) + 5) rem 7 + 1.

is_leap_year(Y) when is_integer(Y), Y >= 0 ->
    (Y rem 4 =:= 0 andalso Y rem 100 =/= 0) orelse Y rem 400 =:= 0.

last_day_of_the_month(Y, M) when is_integer(Y), Y >= 0 -> last_day_1(Y, M).

last_day_1(Y, 2) ->
    case is_leap_year(Y) of
        true -> 29;
        false -> 28
    end;
last_day_1(_, M) when M =:= 4; M =:= 6; M =:= 9; M =:= 11 -> 30;
last_day_1(_, M) when is_integer(M), M > 0, M < 13 -> 31.

valid_date({Y, M, D}) -> valid_date(Y, M, D).

valid_date(Y, M, D) when is_integer(Y), is_integer(M), is_integer(D) ->
    Y >= 0 andalso M > 0 andalso M < 13 andalso D > 0 andalso
        D =< last_day_of_the_month(Y, M).

time_to_seconds({H, M, S}) when is_integer(H), is_integer(M), is_integer(S) ->
    H * 3600 + M * 60 + S.

seconds_to_time(Secs) when is_integer(Secs), Secs >= 0, Secs < ?SECONDS_PER_DAY ->
    {Secs div 3600, Secs rem 3600 div 60, Secs rem 60}.

seconds_to_daystime(Secs) ->
    Days0 = Secs div ?SECONDS_PER_DAY,
    Secs0 = Secs rem ?SECONDS_PER_DAY,
    if
        Secs0 < 0 -> {Days0 - 1, seconds_to_time(Secs0 + ?SECONDS_PER_DAY)};
        true -> {Days0, seconds_to_time(Secs0)}
    end.

time_difference({{_, _, _}, {_, _, _}} = T1, {{_, _, _}, {_, _, _}} = T2) ->
    seconds_to_daystime(datetime_to_gregorian_seconds(T2) - datetime_to_gregorian_seconds(T1)).

iso_week_number() ->
    {Date, _} = local_time(),
    iso_week_number(Date).

%% The ISO 8601 week: weeks start on Monday, week 1 holds the year's first Thursday.
iso_week_number({Year, _, _} = Date) ->
    D = date_to_gregorian_days(Date),
    W01 = week_one_start(Year),
    if
        D < W01 -> {Year - 1, (D - week_one_start(Year - 1)) div 7 + 1};
        true ->
            W01Next = week_one_start(Year + 1),
            if
                D >= W01Next -> {Year + 1, 1};
                true -> {Year, (D - W01) div 7 + 1}
            end
    end.

week_one_start(Year) ->
    Jan4 = date_to_gregorian_days(Year, 1, 4),
    Jan4 - (day_of_the_week(Year, 1, 4) - 1).

now_to_datetime({MSec, Sec, _}) ->
    gregorian_seconds_to_datetime(MSec * 1000000 + Sec + ?DAYS_FROM_0_TO_1970 * ?SECONDS_PER_DAY).

now_to_universal_time(Now) -> now_to_datetime(Now).

now_to_local_time(Now) -> erlang:universaltime_to_localtime(now_to_universal_time(Now)).

system_time_to_universal_time(Time, Unit) ->
    Secs = erlang:convert_time_unit(Time, Unit, second),
    gregorian_seconds_to_datetime(Secs + ?DAYS_FROM_0_TO_1970 * ?SECONDS_PER_DAY).

system_time_to_local_time(Time, Unit) ->
    erlang:universaltime_to_localtime(system_time_to_universal_time(Time, Unit)).
