%% erlang: the few functions of module erlang written in Erlang (all the others
%% are native BIFs, which take precedence over this module's exports).
%%
%% process_info/1,2: another process answers a request itself (on its own
%% thread), so the caller waits for the reply like for any message.
%%
%% get_result/1,2 waits for a process's outcome with an ordinary selective
%% receive: the node's result table sends {'$pfun_result', Ref, Outcome} to the
%% asker once the process has ended (at once if it already has).
-module(erlang).

-export([get_result/1, get_result/2, process_info/1, process_info/2]).
-compile({no_auto_import, [get_result/1, get_result/2, process_info/1, process_info/2]}).

get_result(Pid) ->
    get_result(Pid, infinity).

get_result(Pid, Timeout) when is_pid(Pid), Timeout =:= infinity;
                               is_pid(Pid), is_integer(Timeout), Timeout >= 0 ->
    Ref = erlang:'$result_subscribe'(Pid),
    receive
        {'$pfun_result', Ref, Outcome} -> Outcome
    after Timeout ->
        erlang:'$result_unsubscribe'(Pid, Ref),
        %% The outcome may have been sent just before the subscription ended.
        receive
            {'$pfun_result', Ref, Outcome} -> Outcome
        after 0 -> {error, timeout}
        end
    end;
get_result(Pid, Timeout) ->
    erlang:error(badarg, [Pid, Timeout]).

process_info(Pid) ->
    process_info(Pid, [registered_name, status, message_queue_len, messages, links,
                       dictionary, trap_exit, heap_size, total_heap_size, memory]).

process_info(Pid, Items) ->
    case erlang:'$process_info'(Pid, Items) of
        {'$pfun_wait', Ref} ->
            receive {'$pfun_info', Ref, Answer} -> Answer end;
        Answer ->
            Answer
    end.
