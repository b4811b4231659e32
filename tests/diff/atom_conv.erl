-module(atom_conv).
-export([main/1]).

%% Conversions between atoms, strings and binaries.
main(_) ->
    io:format("~p~n", [atom_to_list(hello)]),
    io:format("~p~n", [list_to_atom("with space")]),
    io:format("~p~n", [atom_to_binary(hello, utf8)]),
    io:format("~p~n", [atom_to_binary('Quoted')]),
    io:format("~p~n", [binary_to_atom(<<"from_bin">>, utf8)]),
    io:format("~p~n", [binary_to_atom(<<"X">>)]),
    io:format("~p~n", [list_to_existing_atom("main")]),
    io:format("~p~n", [binary_to_existing_atom(<<"ok">>, utf8)]),
    io:format("~p~n", [try list_to_existing_atom("surely_not_an_atom_zzq") catch error:R -> R end]),
    io:format("~p~n", [try list_to_atom([1000000000]) catch error:R2 -> R2 end]),
    io:format("~p~n", [list_to_atom("")]),
    io:format("~p~n", [[list_to_atom([C]) || C <- "aZ_9 "]]),
    io:format("~p~n", [length(atom_to_list('a longer atom name here'))]),
    ok.
