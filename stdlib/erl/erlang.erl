%% erlang: the few functions of module erlang written in Erlang (all the others
%% are native BIFs, which take precedence over this module's exports).
%%
%% get_result/1,2 waits for a process's outcome with an ordinary selective
%% receive: the node's result table sends {'$pfun_result', Ref, Outcome} to the
%% asker once the process has ended (at once if it already has).
-module(erlang).

-export([get_result/1, get_result/2]).
-compile({no_auto_import, [get_result/1, get_result/2]}).

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
