-module(bin_basic).
-export([main/1]).

%% Binaries: literals, printing, size, conversions, iolists.
main(_) ->
    B = <<"text">>,
    io:format("~p ~w ~s~n", [B, B, B]),
    io:format("~p~n", [<<1, 2, 3, 255>>]),
    io:format("~p~n", [<<>>]),
    io:format("~p~n", [<<"a\nb">>]),
    io:format("~p~n", [<<0, "abc">>]),
    io:format("~p~n", [{byte_size(B), size(B), bit_size(B)}]),
    io:format("~p~n", [binary_to_list(B)]),
    io:format("~p~n", [binary_to_list(<<"abcdef">>, 2, 4)]),
    io:format("~p~n", [list_to_binary([$a, "bc", <<"de">>, [[$f]]])]),
    io:format("~p~n", [iolist_to_binary(["x", [<<"y">>, $z], []])]),
    io:format("~p~n", [iolist_size(["ab", <<"cd">>, [$e | <<"f">>]])]),
    io:format("~p~n", [split_binary(<<"hello world">>, 5)]),
    io:format("~p~n", [binary:part(<<"hello world">>, 6, 5)]),
    io:format("~p~n", [binary_part(<<"hello world">>, {0, 4})]),
    io:format("~p~n", [<<B/binary, " more">>]),
    io:format("~p~n", [term_to_binary(B) =:= term_to_binary(<<"text">>)]),
    io:format("~p~n", [{<<"abc">> < <<"abd">>, <<"ab">> < <<"abc">>}]),
    io:format("~p~n", [binary:copy(<<"ab">>, 3)]),
    io:format("~p~n", [{binary:first(B), binary:last(B)}]),
    Long = list_to_binary(lists:seq(32, 126)),
    io:format("~p~n", [Long]),
    io:format("~p~n", [list_to_binary(lists:seq(0, 40))]),
    io:format("~p~n", [binary_to_list(Long) =:= lists:seq(32, 126)]),
    ok.
