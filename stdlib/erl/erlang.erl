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
%% spawn/2,4, spawn_link/2,4 and spawn_monitor/2,4 on another node and
%% get_result/1,2 of a process of another node go through the shipping layer
%% (net/src/shipping*.cpp): a BIF sends the request and the caller waits here for
%% {'$ship_reply', Req, Reply}. The node answers every request it sent to a peer
%% with {error, noconnection} when that connection goes (a watcher process per peer
%% sees the nodedown), so no wait here needs a monitor of its own and none hangs.
%% The node that ran a process spawned from here pushes its outcome back when it
%% ends: get_result of such a pid is answered here ('$ship_result'), or waits for
%% {'$pfun_result', Ref, Outcome} like a local one.
-module(erlang).

-export([fun_info/1, get_result/1, get_result/2, process_info/1, process_info/2,
         spawn/2, spawn/4, spawn_link/2, spawn_link/4, spawn_monitor/2, spawn_monitor/4,
         '$ship_serve_result'/4, '$ship_watch'/1]).
-compile({no_auto_import, [get_result/1, get_result/2, process_info/1, process_info/2,
                           spawn/2, spawn/4, spawn_link/2, spawn_link/4, spawn_monitor/2,
                           spawn_monitor/4]}).

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
        false -> '$ship_await_spawn'(Node, none, erlang:'$ship_spawn'(Node, F))
    end;
spawn(Node, F) ->
    erlang:error(badarg, [Node, F]).

spawn(Node, M, F, A) when is_atom(Node), is_atom(M), is_atom(F), is_list(A) ->
    case Node =:= node() of
        true -> erlang:spawn(M, F, A);
        false -> '$ship_await_spawn'(Node, none, erlang:'$ship_spawn'(Node, M, F, A))
    end;
spawn(Node, M, F, A) ->
    erlang:error(badarg, [Node, M, F, A]).

spawn_link(Node, F) when is_atom(Node), is_function(F, 0) ->
    case Node =:= node() of
        true -> erlang:spawn_link(F);
        false -> '$ship_await_spawn'(Node, link, erlang:'$ship_spawn'(Node, F, link))
    end;
spawn_link(Node, F) ->
    erlang:error(badarg, [Node, F]).

spawn_link(Node, M, F, A) when is_atom(Node), is_atom(M), is_atom(F), is_list(A) ->
    case Node =:= node() of
        true -> erlang:spawn_link(M, F, A);
        false -> '$ship_await_spawn'(Node, link, erlang:'$ship_spawn'(Node, M, F, A, link))
    end;
spawn_link(Node, M, F, A) ->
    erlang:error(badarg, [Node, M, F, A]).

spawn_monitor(Node, F) when is_atom(Node), is_function(F, 0) ->
    case Node =:= node() of
        true -> erlang:spawn_monitor(F);
        false -> '$ship_await_monitor'(Node, erlang:'$ship_spawn'(Node, F, monitor))
    end;
spawn_monitor(Node, F) ->
    erlang:error(badarg, [Node, F]).

spawn_monitor(Node, M, F, A) when is_atom(Node), is_atom(M), is_atom(F), is_list(A) ->
    case Node =:= node() of
        true -> erlang:spawn_monitor(M, F, A);
        false -> '$ship_await_monitor'(Node, erlang:'$ship_spawn'(Node, M, F, A, monitor))
    end;
spawn_monitor(Node, M, F, A) ->
    erlang:error(badarg, [Node, M, F, A]).

get_result(Pid) ->
    get_result(Pid, infinity).

get_result(Pid, Timeout) when is_pid(Pid), Timeout =:= infinity;
                               is_pid(Pid), is_integer(Timeout), Timeout >= 0 ->
    case erlang:node(Pid) =:= erlang:node() of
        true -> local_result(Pid, Timeout);
        false -> remote_result(Pid, Timeout)
    end;
get_result(Pid, Timeout) ->
    erlang:error(badarg, [Pid, Timeout]).

local_result(Pid, Timeout) ->
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
    end.

%% A process this node spawned elsewhere: its pushed outcome, or wait for it.
remote_result(Pid, Timeout) ->
    case erlang:'$ship_result'(Pid) of
        query ->
            '$ship_await'(erlang:'$ship_result_query'(Pid, Timeout));
        Ref when is_reference(Ref) ->
            receive
                {'$pfun_result', Ref, Outcome} -> Outcome
            after Timeout ->
                erlang:'$ship_result_cancel'(Pid, Ref),
                receive
                    {'$pfun_result', Ref, Outcome} -> Outcome
                after 0 -> {error, timeout}
                end
            end;
        Outcome ->
            Outcome
    end.

%% A spawn that cannot reach its node (or loses the connection before the reply)
%% returns, as in erl, a pid that has already exited with noconnection.
'$ship_await_spawn'(Node, Mode, Req) ->
    case '$ship_await'(Req) of
        {ok, Pid} -> Pid;
        {error, noconnection} -> erlang:'$ship_lost'(Node, Mode);
        {error, Reason} -> erlang:error({spawn_failed, Node, Reason})
    end.

%% The monitor was set before the spawn went (so no 'DOWN' is missed); it names
%% the pid once known, and goes if the spawn failed.
'$ship_await_monitor'(Node, {Req, Ref}) ->
    case '$ship_await'(Req) of
        {ok, Pid} ->
            erlang:'$ship_bind'(Ref, Pid),
            {Pid, Ref};
        {error, noconnection} ->
            {erlang:'$ship_lost'(Node, Ref), Ref};
        {error, Reason} ->
            erlang:'$ship_bind'(Ref, false),
            erlang:error({spawn_failed, Node, Reason})
    end.

'$ship_await'(noconnection) ->
    {error, noconnection};
'$ship_await'(Req) ->
    receive
        {'$ship_reply', Req, Reply} -> Reply
    end.

%% Watches a peer this node sends requests to (its monitor_node is set by the node
%% before the first request goes): when it goes, requests waiting for it end with
%% noconnection, fetches asking it move to another peer or fail (processes
%% waiting for that code exit with {code_unavailable, Hash} instead of hanging).
'$ship_watch'(Node) ->
    receive
        {nodedown, Node} -> erlang:'$ship_peer_down'(Node)
    end.

%% Runs on the node of Pid for a get_result from another node.
%% Answers a peer's get_result for a process of this node. The asking node is
%% watched: when it goes first, nobody is left to answer, and waiting on (with no
%% timeout, for ever) would only keep this process alive.
'$ship_serve_result'(Pid, Timeout, Peer, Req) ->
    erlang:monitor_node(Peer, true),
    Ref = erlang:'$result_subscribe'(Pid),
    receive
        {'$pfun_result', Ref, Outcome} ->
            erlang:monitor_node(Peer, false),
            erlang:'$ship_result_reply'(Peer, Req, Outcome);
        {nodedown, Peer} ->
            erlang:'$result_unsubscribe'(Pid, Ref)
    after Timeout ->
        erlang:'$result_unsubscribe'(Pid, Ref),
        erlang:monitor_node(Peer, false),
        Outcome = receive
                      {'$pfun_result', Ref, O} -> O
                  after 0 -> {error, timeout}
                  end,
        erlang:'$ship_result_reply'(Peer, Req, Outcome)
    end.

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
