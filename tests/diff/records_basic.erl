-module(records_basic).
-export([main/1]).

-record(person, {name, age = 0, tags = []}).
-record(point, {x = 0 :: integer(), y = 0 :: integer()}).

older(#person{age = A} = P) -> P#person{age = A + 1}.

%% Records: construction, defaults, access, update, matching, record_info.
main(_) ->
    P = #person{name = "ann"},
    io:format("~p~n", [P]),
    io:format("~p ~p~n", [P#person.name, P#person.age]),
    P2 = older(older(P)),
    io:format("~p~n", [P2]),
    #person{name = N} = P2,
    io:format("~p~n", [N]),
    io:format("~p~n", [#point{}]),
    io:format("~p~n", [#point{y = 5}]),
    io:format("~p~n", [is_record(P, person)]),
    io:format("~p~n", [record_info(fields, person)]),
    io:format("~p~n", [#person.age]),
    io:format("~p~n", [[X || #point{x = X} <- [#point{x = 1}, #point{x = 2}]]]),
    ok.
