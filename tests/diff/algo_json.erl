-module(algo_json).
-export([main/1]).

enc(true) -> "true";
enc(false) -> "false";
enc(null) -> "null";
enc(N) when is_integer(N) -> integer_to_list(N);
enc(F) when is_float(F) -> float_to_list(F, [short]);
enc(B) when is_binary(B) -> [$", escape(binary_to_list(B)), $"];
enc(A) when is_atom(A) -> enc(atom_to_binary(A, utf8));
enc(L) when is_list(L) -> [$[, lists:join($,, [enc(X) || X <- L]), $]];
enc(M) when is_map(M) ->
    Pairs = lists:sort(maps:to_list(M)),
    [${, lists:join($,, [[enc(K), $:, enc(V)] || {K, V} <- Pairs]), $}].

escape([]) -> [];
escape([$" | T]) -> [$\\, $" | escape(T)];
escape([$\\ | T]) -> [$\\, $\\ | escape(T)];
escape([$\n | T]) -> [$\\, $n | escape(T)];
escape([C | T]) -> [C | escape(T)].

%% A tiny JSON encoder built on iolists.
main(_) ->
    Doc = #{<<"name">> => <<"pfun">>, <<"version">> => 1, <<"tags">> => [<<"vm">>, <<"erlang">>],
            <<"ratio">> => 0.25, <<"ok">> => true, <<"none">> => null,
            <<"nested">> => #{<<"q">> => <<"say \"hi\"\n">>, <<"list">> => [1, 2.5, [], #{}]}},
    Io = enc(Doc),
    io:format("~s~n", [Io]),
    io:format("~p~n", [iolist_size(Io)]),
    io:format("~p~n", [iolist_to_binary(enc([1, [2, [3]], atom]))]),
    ok.
