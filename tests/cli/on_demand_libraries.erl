%% Client of on_demand_libraries.sh. With no argument: bignums (GMP), compressed terms
%% and checksums (zlib) and a portable fun's code hash (xxHash), each printed so the
%% script can compare with what it expects. With a node name: waits until connected
%% to it and says so.
-module(on_demand_libraries).
-export([main/1]).

main([]) ->
    F = lists:foldl(fun(X, A) -> X * A end, 1, lists:seq(1, 30)),
    io:format("~p~n", [F]),
    io:format("~p~n", [{F div 7, F rem 1000, F band 16#ffff, F bor 1, F bxor (F - 1), F bsl 3,
                        F bsr 70, -F, F - F * 2}]),
    io:format("~p~n", [list_to_integer(integer_to_list(F)) =:= F]),
    L = lists:seq(1, 300),
    B = term_to_binary(L, [compressed]),
    io:format("~p ~p~n", [byte_size(B) < byte_size(term_to_binary(L)), binary_to_term(B) =:= L]),
    io:format("~p ~p~n", [erlang:crc32(<<"hello">>), erlang:adler32(<<"hello">>)]),
    G = pfun(X) -> X * 3 end,
    {hash, H} = erlang:fun_info(G, hash),
    io:format("hash ~p~n", [byte_size(H)]);
main([Node]) -> wait_for(list_to_atom(Node), 400).

wait_for(Node, 0) -> exit({not_connected, Node, nodes()});
wait_for(Node, N) ->
    case lists:member(Node, nodes()) of
        true -> io:format("connected ~s~n", [Node]);
        false -> receive after 25 -> wait_for(Node, N - 1) end
    end.
