%% Node a of the cluster test: talks to `echo` on node B by name and by pid, waits
%% until the mesh brought node C in, then monitors the echo process and reports the
%% 'DOWN' it gets when B is killed.
-module(client).
-export([main/1]).

main([B, C]) ->
    BNode = list_to_atom(B),
    CNode = list_to_atom(C),
    {echo, BNode} ! {self(), hello},
    Pid = receive
              {echoed, BNode, P, hello} -> P
          after 10000 -> exit(no_reply_by_name)
          end,
    io:format("reply by name~n"),
    Pid ! {self(), again},
    receive
        {echoed, BNode, Pid, again} -> io:format("reply by pid~n")
    after 10000 -> exit(no_reply_by_pid)
    end,
    wait_for(CNode, 400),
    io:format("mesh ok~n"),
    Ref = monitor(process, Pid),
    io:format("monitoring~n"),
    receive
        {'DOWN', Ref, process, Pid, Reason} -> io:format("down ~p~n", [Reason])
    after 20000 -> io:format("no down~n")
    end.

wait_for(Node, 0) -> exit({not_connected, Node, nodes()});
wait_for(Node, N) ->
    case lists:member(Node, nodes()) of
        true -> ok;
        false -> receive after 25 -> wait_for(Node, N - 1) end
    end.
