%% expect: 11:5: variable 'Got' unsafe in 'receive' (line 6, column 5)
-module(unsafe_receive).
-export([f/0]).

f() ->
    receive
        {msg, M} -> Got = M
    after 100 ->
        timeout
    end,
    Got.
