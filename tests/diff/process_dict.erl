-module(process_dict).
-export([main/1]).

%% The process dictionary: put/get/erase.
main(_) ->
    io:format("~p~n", [put(a, 1)]),
    io:format("~p~n", [put(a, 2)]),
    io:format("~p~n", [get(a)]),
    io:format("~p~n", [get(missing)]),
    put({complex, key}, [value]),
    io:format("~p~n", [get({complex, key})]),
    io:format("~p~n", [lists:sort(get_keys())]),
    io:format("~p~n", [get_keys(2)]),
    io:format("~p~n", [erase(a)]),
    io:format("~p~n", [get(a)]),
    io:format("~p~n", [erase(a)]),
    [put(I, I * I) || I <- lists:seq(1, 5)],
    io:format("~p~n", [lists:sort([{K, V} || {K, V} <- get(), is_integer(K)])]),
    io:format("~p~n", [lists:sum([get(I) || I <- lists:seq(1, 5)])]),
    ok.
