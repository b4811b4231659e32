%% list_to_pid/1 and pid_to_list/1 of local pids, and what list_to_pid refuses.
-module(pid_text).
-export([main/1]).

main(_) ->
    P = list_to_pid("<0.5.0>"),
    io:format("~p ~p ~p~n", [P, is_pid(P), pid_to_list(P)]),
    io:format("~p~n", [list_to_pid(pid_to_list(self())) =:= self()]),
    io:format("~p~n", [node(P) =:= node()]),
    Bad = ["", "<>", "<0.5>", "<0..0>", "0.5.0", "<0.5.0", "<a.5.0>", "<0.5.0.1>", "< 0.5.0>",
           "<0.-5.0>", atom, [60, 48, 46, 53, 46, 48, 62 | x]],
    [io:format("~p -> ~p~n", [B, attempt(B)]) || B <- Bad].

attempt(B) ->
    try list_to_pid(B) of
        Pid -> {ok, Pid}
    catch
        C:R -> {C, R}
    end.
