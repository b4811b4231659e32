%% erlang: the few functions of module erlang written in Erlang (all the others
%% are native BIFs, which take precedence over this module's exports).
%%
%% process_info/1,2: another process answers a request itself (on its own
%% thread), so the caller waits for the reply like for any message.
%%
%% get_result/1,2 waits for a process's outcome with an ordinary selective
%% receive: the node's result table sends {'$pfun_result', Ref, Outcome} to the
%% asker once the process has ended (at once if it already has).
%%
%% fun_info/1 lists the fun_info/2 items erl lists for the kind of fun; a portable
%% fun adds hash, calls and code (native: stdlib/src/bif_erlang_pfun.cpp).
%%
%% spawn/2,4 on this node; spawning on another node needs the network layer.
-module(erlang).

-export([fun_info/1, get_result/1, get_result/2, process_info/1, process_info/2,
         spawn/2, spawn/4]).
-compile({no_auto_import, [get_result/1, get_result/2, process_info/1, process_info/2,
                           spawn/2, spawn/4]}).

fun_info(F) when is_function(F) ->
    Items = case erlang:fun_info(F, type) of
                {type, external} ->
                    [module, name, arity, env, type];
                {type, local} ->
                    [pid, module, new_index, new_uniq, index, uniq, name, arity, env, type];
                {type, portable} ->
                    [pid, module, new_index, new_uniq, index, uniq, name, arity, env, type,
                     hash, calls, code]
            end,
    [erlang:fun_info(F, I) || I <- Items];
fun_info(F) ->
    erlang:error(badarg, [F]).

spawn(Node, F) when is_atom(Node), is_function(F, 0) ->
    case Node =:= node() of
        true -> erlang:spawn(F);
        false -> erlang:error({badarg, {remote_spawn_unavailable, Node}}, [Node, F])
    end;
spawn(Node, F) ->
    erlang:error(badarg, [Node, F]).

spawn(Node, M, F, A) when is_atom(Node), is_atom(M), is_atom(F), is_list(A) ->
    case Node =:= node() of
        true -> erlang:spawn(M, F, A);
        false -> erlang:error({badarg, {remote_spawn_unavailable, Node}}, [Node, M, F, A])
    end;
spawn(Node, M, F, A) ->
    erlang:error(badarg, [Node, M, F, A]).

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
