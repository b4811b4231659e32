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
    Outcome = try spawn(Node, F) of
                  Pid -> {spawned, get_result(Pid, 20000)}
              catch
                  error:{spawn_failed, _, Reason} -> {spawn_failed, Reason};
                  error:{noconnection, _} -> {spawn_failed, noconnection}
              end,
    io:format("outcome ~p~n", [Outcome]),
    io:format("alive ~p~n", [lists:sum([X || X <- lists:seq(1, 10)])]).

net_adm_ping(Node) ->
    case lists:member(Node, nodes()) of
        true -> pong;
        false -> pang
    end.
