-module(bin_bits).
-export([main/1]).

bits_to_list(<<>>) -> [];
bits_to_list(<<B:1, Rest/bits>>) -> [B | bits_to_list(Rest)].

%% Bitstrings that are not whole bytes: printing, sizes, matching.
main(_) ->
    B1 = <<1:3>>,
    io:format("~p ~w~n", [B1, B1]),
    B2 = <<5:4, 1:1>>,
    io:format("~p~n", [B2]),
    B3 = <<"ab", 3:2>>,
    io:format("~p~n", [B3]),
    io:format("~p ~p~n", [bit_size(B3), byte_size(B3)]),
    io:format("~p ~p~n", [is_binary(B3), is_bitstring(B3)]),
    io:format("~p~n", [bits_to_list(<<16#A5, 1:2>>)]),
    io:format("~p~n", [<<B1/bits, B2/bits>>]),
    io:format("~p~n", [<<B1/bitstring, 0:5>>]),
    io:format("~p~n", [bit_size(<<B1/bits, B1/bits, B1/bits>>)]),
    <<First:5, Rest/bitstring>> = <<255, 255>>,
    io:format("~p ~p~n", [First, Rest]),
    io:format("~p~n", [<< <<X:1>> || X <- [1, 0, 1, 1, 0, 1] >>]),
    io:format("~p~n", [[X || <<X:2>> <= <<2#11011000>>]]),
    io:format("~p~n", [bitstring_to_list(<<1, 2, 3:3>>)]),
    io:format("~p~n", [list_to_bitstring([<<1>>, <<1:1>>])]),
    io:format("~p~n", [lists:sort([<<1:1>>, <<0:1>>, <<>>, <<0>>, <<1:2>>])]),
    ok.
