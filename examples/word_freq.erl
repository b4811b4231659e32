-module(word_freq).
-export([main/1]).

%% Word frequencies with maps and lists:sort: `pfun run examples/word_freq.erl`.
text() ->
    "the quick brown fox jumps over the lazy dog the dog barks "
    "and the fox runs away quick as a fox can run over the hill".

count(Words) ->
    lists:foldl(fun(W, Acc) -> maps:update_with(W, fun(N) -> N + 1 end, 1, Acc) end,
                #{}, Words).

main(_Args) ->
    Words = string:lexemes(text(), " "),
    Counts = count(Words),
    ByCount = lists:sort(fun({W1, C1}, {W2, C2}) -> {C2, W1} =< {C1, W2} end,
                         maps:to_list(Counts)),
    io:format("~b words, ~b distinct~n", [length(Words), map_size(Counts)]),
    lists:foreach(fun({W, C}) -> io:format("~-8s ~3b ~s~n", [W, C, lists:duplicate(C, $*)]) end,
                  lists:sublist(ByCount, 8)).
