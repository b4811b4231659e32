-module(fmt_unicode).
-export([main/1]).

%% Unicode: ~tp and ~ts print characters above 255; ~p shows them as lists.
main(_) ->
    S = "grüße €",
    io:format("~p~n", [S]),
    io:format("~tp~n", [S]),
    io:format("~ts~n", [S]),
    B = <<"grüße €"/utf8>>,
    io:format("~p~n", [B]),
    io:format("~tp~n", [B]),
    io:format("~ts~n", [B]),
    io:format("~w~n", [B]),
    io:format("~tp~n", [[8364, 8364]]),
    io:format("~p~n", [[8364, 8364]]),
    io:format("~tp~n", [{"日本", <<"日本"/utf8>>}]),
    io:format("~tp~n", ['атом']),
    io:format("~ts~n", [[<<"mixed "/utf8>>, "ünï", [8364]]]),
    io:format("~tc~n", [8364]),
    io:format("~p~n", [unicode:characters_to_binary("h€")]),
    io:format("~p~n", [unicode:characters_to_list(<<"h€"/utf8>>)]),
    io:format("~p~n", [length("日本語")]),
    io:format("~p~n", [byte_size(<<"日本語"/utf8>>)]),
    io:format("~-6ts|~n", ["äb"]),
    ok.
