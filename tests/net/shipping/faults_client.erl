%% Node a of the shipping fault test (faults.sh). The shell script kills node B with
%% -9 at the moments this client announces; every outcome is printed for the script
%% to check.
%%   run B:      a long-running process on B, watched by a monitor, a trapping link
%%               and get_result; B dies while it runs.
%%   transfer B: waits for the script to stop B (SIGSTOP), then spawns a closure of a
%%               few megabytes on it; B dies while the code is on its way.
-module(faults_client).
-export([main/1]).

main(["run", B]) ->
    Node = list_to_atom(B),
    Pid = spawn(Node, pfun() -> receive never -> ok end end),
    Ref = monitor(process, Pid),
    Self = self(),
    spawn(pfun() ->
              process_flag(trap_exit, true),
              link(Pid),
              Self ! linked,
              receive {'EXIT', Pid, R} -> Self ! {link_exit, R} end
          end),
    receive linked -> ok end,
    io:format("running ~p~n", [node(Pid) =:= Node]),
    receive
        {'DOWN', Ref, process, Pid, Reason} -> io:format("down ~p~n", [Reason])
    after 20000 -> io:format("no down~n")
    end,
    receive
        {link_exit, LR} -> io:format("exit ~p~n", [LR])
    after 20000 -> io:format("no exit~n")
    end,
    io:format("result ~p~n", [get_result(Pid, 20000)]);
main(["transfer", B]) ->
    Node = list_to_atom(B),
    pong = net_adm_ping(Node),
    %% Compiled, loaded and hashed now: the spawn below only encodes and sends.
    F = pfun() -> big:all() end,
    {hash, _} = erlang:fun_info(F, hash),
    io:format("ready~n"),
    %% The script stops B within a few polls of "ready".
    receive after 1500 -> ok end,
    io:format("spawning~n"),
    %% As in erl, a spawn that loses its node returns a pid that has exited with
    %% noconnection (here the connection goes while the closure is on its way).
    Outcome = try spawn(Node, F) of
                  Pid -> {spawned, get_result(Pid, 20000)}
              catch
                  error:Reason -> {raised, Reason}
              end,
    io:format("outcome ~p~n", [Outcome]),
    %% The node is gone now: spawns to it cannot connect and say so the same way.
    {MPid, MRef} = spawn_monitor(Node, F),
    receive
        {'DOWN', MRef, process, MPid, Down} -> io:format("lost monitor ~p~n", [Down])
    after 20000 -> io:format("lost monitor: no 'DOWN'~n")
    end,
    process_flag(trap_exit, true),
    LPid = spawn_link(Node, big, all, []),
    receive
        {'EXIT', LPid, Exit} -> io:format("lost link ~p~n", [Exit])
    after 20000 -> io:format("lost link: no 'EXIT'~n")
    end,
    io:format("lost result ~p~n", [get_result(LPid)]),
    io:format("lost node ~p~n", [node(LPid) =:= Node]),
    io:format("alive ~p~n", [lists:sum([X || X <- lists:seq(1, 10)])]).

net_adm_ping(Node) ->
    case lists:member(Node, nodes()) of
        true -> pong;
        false -> pang
    end.
