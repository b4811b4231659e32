-module(bin_match).
-export([main/1]).

parse_tlv(<<>>) -> [];
parse_tlv(<<Type:8, Len:16, Value:Len/binary, Rest/binary>>) ->
    [{Type, Value} | parse_tlv(Rest)].

decode(<<0:1, V:7, Rest/binary>>) -> {V, Rest};
decode(<<1:1, V:15, Rest/binary>>) -> {V, Rest}.

%% Bit syntax matching: sizes from variables, endianness, signedness, rests.
main(_) ->
    <<A:8, B:16, C/binary>> = <<1, 2, 3, 4, 5>>,
    io:format("~p ~p ~p~n", [A, B, C]),
    <<L:32/little, S:16/signed, U:16/unsigned>> = <<1, 0, 0, 0, 255, 254, 255, 254>>,
    io:format("~p ~p ~p~n", [L, S, U]),
    <<F:64/float>> = <<64, 9, 33, 251, 84, 68, 45, 24>>,
    io:format("~p~n", [F]),
    <<G:32/float-little>> = <<0, 0, 128, 63>>,
    io:format("~p~n", [G]),
    io:format("~p~n", [parse_tlv(<<1, 0, 3, "abc", 2, 0, 0, 7, 0, 1, "z">>)]),
    io:format("~p~n", [decode(<<5, 9>>)]),
    io:format("~p~n", [decode(<<130, 1, 9>>)]),
    <<H:4, Lo:4>> = <<16#A7>>,
    io:format("~p ~p~n", [H, Lo]),
    <<X:3, Bits/bits>> = <<255, 0>>,
    io:format("~p ~p~n", [X, Bits]),
    Size = 2,
    <<Head:Size/binary, Tail/binary>> = <<"abcdef">>,
    io:format("~p ~p~n", [Head, Tail]),
    <<"GET ", Path/binary>> = <<"GET /index.html">>,
    io:format("~p~n", [Path]),
    case <<1, 2, 3>> of
        <<1, Rest/binary>> when byte_size(Rest) > 1 -> io:format("rest ~p~n", [Rest]);
        _ -> io:format("no~n")
    end,
    <<Utf/utf8, More/binary>> = <<"über"/utf8>>,
    io:format("~p ~p~n", [Utf, More]),
    io:format("~p~n", [[Cp || <<Cp/utf8>> <= <<"h€llo"/utf8>>]]),
    <<N1:16/signed-little>> = <<0, 128>>,
    io:format("~p~n", [N1]),
    <<Big:72>> = <<1, 0, 0, 0, 0, 0, 0, 0, 0>>,
    io:format("~p~n", [Big]),
    io:format("~p~n", [try <<_:8, _:8>> = id(<<1>>) catch error:{badmatch, V} -> {badmatch, V} end]),
    ok.

id(X) -> X.
