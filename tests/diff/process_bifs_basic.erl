-module(process_bifs_basic).
-export([main/1]).

%% The process BIFs a sequential program touches: self/0, is_process_alive/1 and
%% whereis/1 of a name nobody registered.
main(_) ->
    io:format("~p~n", [self() =:= self()]),
    io:format("~p~n", [is_pid(self())]),
    io:format("~p~n", [is_process_alive(self())]),
    io:format("~p~n", [erlang:whereis(no_such_registered_name)]),
    io:format("~p~n", [is_atom(erlang:whereis(no_such_registered_name))]),
    ok.
