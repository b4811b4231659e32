-module(try_after).
-export([main/1]).

with_after(F) ->
    try F()
    after
        io:format("  after runs~n")
    end.

%% try ... after: ordering of side effects, after on success and failure,
%% after with of/catch, nested afters.
main(_) ->
    io:format("~p~n", [with_after(fun() -> value end)]),
    io:format("~p~n", [catch with_after(fun() -> throw(t) end)]),
    R = try
            io:format("body~n"),
            error(boom)
        of
            _ -> not_here
        catch
            error:boom -> io:format("catch~n"), caught
        after
            io:format("after~n")
        end,
    io:format("~p~n", [R]),
    R2 = try
             try throw(inner)
             after io:format("inner after~n")
             end
         catch throw:X -> {outer_caught, X}
         after io:format("outer after~n")
         end,
    io:format("~p~n", [R2]),
    R3 = try 1 after 2 end,
    io:format("~p~n", [R3]),
    R4 = (catch try exit(x) after io:format("after exit~n") end),
    io:format("~p~n", [R4]),
    Acc = lists:foldl(fun(I, A) -> try I + A after ok end end, 0, lists:seq(1, 10)),
    io:format("~p~n", [Acc]),
    ok.
