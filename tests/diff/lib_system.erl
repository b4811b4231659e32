-module(lib_system).
-export([main/1]).

%% system_info/1, statistics/1, os:*, now/0 and the clocks: the values differ from
%% run to run and from erl, so only their shapes and laws are printed.
main(_) ->
    Ints = [schedulers, schedulers_online, logical_processors, process_count, process_limit,
            atom_count, atom_limit, wordsize],
    io:format("~p~n", [[{K, is_integer(erlang:system_info(K)) andalso erlang:system_info(K) > 0} || K <- Ints]]),
    io:format("~p~n", [[{K, io_lib:printable_list(erlang:system_info(K))} || K <- [otp_release, version, system_architecture]]]),
    io:format("~p ~p~n", [erlang:system_info(wordsize), erlang:system_info({wordsize, internal})]),
    io:format("~p~n", [erlang:system_info(schedulers) =:= erlang:system_info(schedulers_online)]),
    Err = fun(F) -> try F() catch C:R -> {C, R} end end,
    io:format("~p~n", [Err(fun() -> erlang:system_info(no_such_key) end)]),
    io:format("~p~n", [Err(fun() -> erlang:system_info("schedulers") end)]),
    {R1, _} = statistics(runtime),
    {W1, _} = statistics(wall_clock),
    burn(200000),
    {R2, RS} = statistics(runtime),
    {W2, WS} = statistics(wall_clock),
    io:format("~p~n", [[is_integer(X) andalso X >= 0 || X <- [R1, R2, RS, W1, W2, WS]]]),
    io:format("~p ~p~n", [R2 >= R1, W2 >= W1]),
    io:format("~p~n", [is_integer(statistics(run_queue))]),
    io:format("~p~n", [Err(fun() -> statistics(no_such_item) end)]),
    io:format("~p~n", [os:type()]),
    io:format("~p ~p~n", [is_list(os:getenv("PATH")), os:getenv("PFUN_LIB_SURELY_UNSET")]),
    io:format("~p~n", [os:getenv("PFUN_LIB_SURELY_UNSET", "default")]),
    io:format("~p~n", [os:putenv("PFUN_LIB_TEST_VAR", "hello world")]),
    io:format("~p~n", [os:getenv("PFUN_LIB_TEST_VAR")]),
    io:format("~p~n", [lists:member("PFUN_LIB_TEST_VAR=hello world", os:getenv())]),
    io:format("~p ~p~n", [os:unsetenv("PFUN_LIB_TEST_VAR"), os:getenv("PFUN_LIB_TEST_VAR")]),
    io:format("~p~n", [Err(fun() -> os:putenv("A=B", "x") end)]),
    io:format("~p~n", [Err(fun() -> os:getenv(path) end)]),
    io:format("~p~n", [Err(fun() -> os:putenv(<<"A">>, "x") end)]),
    io:format("~p~n", [is_list(os:getpid()) andalso list_to_integer(os:getpid()) > 0]),
    Nows = [erlang:now() || _ <- lists:seq(1, 2000)],
    io:format("~p~n", [strictly_increasing(Nows)]),
    {Ms, Ss, Us} = hd(Nows),
    io:format("~p~n", [Ms > 1000 andalso Ss < 1000000 andalso Us < 1000000]),
    {Date, {H, M, S}} = erlang:localtime(),
    {UDate, _} = erlang:universaltime(),
    io:format("~p~n", [calendar:valid_date(Date) andalso calendar:valid_date(UDate)
                       andalso H < 24 andalso M < 60 andalso S < 60]),
    Fixed = {{2020, 6, 15}, {12, 0, 0}},
    io:format("~p~n", [erlang:localtime_to_universaltime(erlang:universaltime_to_localtime(Fixed)) =:= Fixed]),
    io:format("~p~n", [Err(fun() -> erlang:universaltime_to_localtime({{2020, 13, 1}, {0, 0, 0}}) end)]),
    io:format("~p~n", [Err(fun() -> erlang:localtime_to_universaltime(x) end)]),
    %% the range of the conversions (the answers depend on the time zone; whether
    %% there is one does not)
    Years = [1, 1600, 1901, 1902, 1969, 2038, 10000, 99999],
    Shape = fun({{_, _, _}, {_, _, _}}) -> ok; (Other) -> Other end,
    io:format("~p~n", [[{Y, Shape(Err(fun() -> erlang:localtime_to_universaltime({{Y, 6, 1}, {12, 0, 0}}) end)),
                        Shape(Err(fun() -> erlang:universaltime_to_localtime({{Y, 6, 1}, {12, 0, 0}}) end))}
                       || Y <- Years]]),
    Bad = [{{2024, 2, 30}, {0, 0, 0}}, {{2023, 2, 29}, {0, 0, 0}}, {{2024, 1, 1}, {24, 0, 0}},
           {{2024, 1, 1}, {0, 60, 0}}, {{2024, 1, 1}, {0, 0, 60}}, {{2024, 1, 1}, {0, 0}},
           {{2024, 1, 1.0}, {0, 0, 0}}],
    io:format("~p~n", [[Err(fun() -> erlang:universaltime_to_localtime(D) end) || D <- Bad]]),
    io:format("~p~n", [[Shape(erlang:localtime_to_universaltime(Fixed, F)) || F <- [true, false, undefined]]]),
    io:format("~p~n", [Err(fun() -> erlang:localtime_to_universaltime(Fixed, maybe) end)]).

burn(0) -> ok;
burn(N) -> _ = N * N, burn(N - 1).

strictly_increasing([A, B | T]) when A < B -> strictly_increasing([B | T]);
strictly_increasing([_]) -> true;
strictly_increasing(_) -> false.
