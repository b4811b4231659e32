-module(proc_receive_vars).
-export([main/1]).
main(_) ->
    Tag = make_ref(),
    self() ! {other, 1},
    self() ! {Tag, 2},
    V = receive {Tag, X} -> X end,
    io:format("~p~n", [V]),
    K = 5,
    self() ! {value, 4}, self() ! {value, 5},
    receive {value, K} -> io:format("matched bound var ~p~n", [K]) end,
    receive {value, Y} when Y > 3 -> io:format("guard ~p~n", [Y]) end,
    receive {other, Z} -> io:format("~p~n", [Z]) end,
    Res = receive
              {a, _} -> a
          after 10 ->
              self() ! late,
              receive late -> after_body end
          end,
    io:format("~p~n", [Res]).
