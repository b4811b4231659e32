-module(fmt_io_lib).
-export([main/1]).

%% io_lib:format returns (deep) character lists; io_lib helpers.
main(_) ->
    S = io_lib:format("~p and ~s", [{a, 1}, "text"]),
    io:format("~p~n", [lists:flatten(S)]),
    io:format("~p~n", [iolist_to_binary(S)]),
    io:format("~p~n", [lists:flatten(io_lib:format("~5.2f|~-6w|~b", [3.14159, x, 255]))]),
    io:format("~p~n", [lists:flatten(io_lib:format("~p", [lists:seq(1, 40)]))]),
    io:format("~p~n", [lists:flatten(io_lib:write({a, [b, "c"]}))]),
    io:format("~p~n", [lists:flatten(io_lib:write_atom('needs quotes'))]),
    io:format("~p~n", [lists:flatten(io_lib:write_string("say \"hi\""))]),
    io:format("~p~n", [io_lib:printable_list("abc")]),
    io:format("~p~n", [io_lib:printable_list([1, 2])]),
    io:format("~p~n", [lists:flatten(io_lib:fwrite("~w-~w", [1, 2]))]),
    io:format("~p~n", [is_list(io_lib:format("", []))]),
    io:format("~p~n", [lists:flatten(io_lib:format("~10.3f~n", [2.5]))]),
    io:format("~p~n", [length(lists:flatten(io_lib:format("~p", [{x, lists:seq(1, 50)}])))]),
    io:format("~s~n", [io_lib:format("~s ~s", ["nested", io_lib:format("~w", [inner])])]),
    ok.
