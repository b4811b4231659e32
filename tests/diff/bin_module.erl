-module(bin_module).
-export([main/1]).

%% The binary module's common functions.
main(_) ->
    B = <<"one,two,,three">>,
    io:format("~p~n", [binary:split(B, <<",">>)]),
    io:format("~p~n", [binary:split(B, <<",">>, [global])]),
    io:format("~p~n", [binary:split(B, <<",">>, [global, trim_all])]),
    io:format("~p~n", [binary:split(B, [<<",">>, <<"o">>], [global])]),
    io:format("~p~n", [binary:match(B, <<"two">>)]),
    io:format("~p~n", [binary:match(B, <<"zzz">>)]),
    io:format("~p~n", [binary:matches(B, <<"o">>)]),
    io:format("~p~n", [binary:replace(B, <<",">>, <<";">>)]),
    io:format("~p~n", [binary:replace(B, <<",">>, <<";">>, [global])]),
    io:format("~p~n", [binary:part(B, 4, 3)]),
    io:format("~p~n", [binary:part(B, byte_size(B), -5)]),
    io:format("~p~n", [binary:at(B, 0)]),
    io:format("~p~n", [binary:bin_to_list(<<"abc">>)]),
    io:format("~p~n", [binary:list_to_bin([<<"a">>, "b", $c])]),
    io:format("~p~n", [binary:encode_unsigned(1 bsl 40)]),
    io:format("~p~n", [binary:decode_unsigned(<<1, 0, 0>>)]),
    io:format("~p~n", [binary:decode_unsigned(<<1, 0, 0>>, little)]),
    io:format("~p~n", [binary:copy(<<"xy">>, 4)]),
    io:format("~p~n", [binary:longest_common_prefix([<<"prefix_a">>, <<"prefix_b">>, <<"pre">>])]),
    io:format("~p~n", [binary:longest_common_suffix([<<"a.erl">>, <<"bb.erl">>])]),
    io:format("~p~n", [binary:last(<<"xyz">>)]),
    io:format("~p~n", [binary:encode_hex(<<1, 171, 255>>)]),
    io:format("~p~n", [binary:decode_hex(<<"01ABff">>)]),
    ok.
