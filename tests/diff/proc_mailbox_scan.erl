-module(proc_mailbox_scan).
-export([main/1]).
main(_) ->
    [self() ! {noise, I} || I <- lists:seq(1, 2000)],
    self() ! target,
    receive target -> io:format("found target behind 2000 messages~n") end,
    {message_queue_len, L} = process_info(self(), message_queue_len),
    io:format("left: ~p~n", [L]),
    N = drain(0),
    io:format("drained ~p~n", [N]).
drain(N) -> receive {noise, _} -> drain(N + 1) after 0 -> N end.
