-module(proc_order).
-export([main/1]).
main(_) ->
    Self = self(),
    Senders = [spawn(fun() -> [Self ! {I, K} || K <- lists:seq(1, 200)] end) || I <- lists:seq(1, 8)],
    Msgs = [receive M -> M end || _ <- lists:seq(1, 8 * 200)],
    Ok = lists:all(fun(I) -> [K || {J, K} <- Msgs, J =:= I] =:= lists:seq(1, 200) end, lists:seq(1, 8)),
    io:format("~p senders, ~p messages, in order: ~p~n", [length(Senders), length(Msgs), Ok]).
