-module(algo_strings).
-export([main/1]).

rle([]) -> [];
rle([H | T]) -> rle(T, H, 1).
rle([H | T], H, N) -> rle(T, H, N + 1);
rle([H | T], C, N) -> [{C, N} | rle(T, H, 1)];
rle([], C, N) -> [{C, N}].

caesar(S, K) -> [shift(C, K) || C <- S].
shift(C, K) when C >= $a, C =< $z -> $a + (C - $a + K) rem 26;
shift(C, K) when C >= $A, C =< $Z -> $A + (C - $A + K) rem 26;
shift(C, _) -> C.

palindrome(S) ->
    Clean = [C || C <- string:to_lower(S), C >= $a, C =< $z],
    Clean =:= lists:reverse(Clean).

capitalize(S) -> lists:join(" ", [[string:to_upper(H) | T] || [H | T] <- string:tokens(S, " ")]).

fizzbuzz(N) when N rem 15 =:= 0 -> "FizzBuzz";
fizzbuzz(N) when N rem 3 =:= 0 -> "Fizz";
fizzbuzz(N) when N rem 5 =:= 0 -> "Buzz";
fizzbuzz(N) -> integer_to_list(N).

%% String processing on character lists.
main(_) ->
    io:format("~p~n", [rle("aaabccddddde")]),
    io:format("~s~n", [caesar("Hello, World!", 3)]),
    io:format("~s~n", [caesar(caesar("Round Trip", 7), 19)]),
    io:format("~p~n", [[palindrome(S) || S <- ["A man, a plan, a canal: Panama", "hello", ""]]]),
    io:format("~s~n", [capitalize("the quick brown fox")]),
    io:format("~s~n", [string:join([fizzbuzz(N) || N <- lists:seq(1, 20)], " ")]),
    io:format("~p~n", [lists:reverse(string:tokens("one two three", " "))]),
    io:format("~p~n", [[length(W) || W <- string:tokens("a bb ccc dddd", " ")]]),
    ok.
