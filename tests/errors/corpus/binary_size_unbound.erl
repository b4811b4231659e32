%% expect: 5:17: variable 'Size' is unbound
-module(binary_size_unbound).
-export([f/1]).

f(<<Len:8, Data:Size/binary>>) -> {Len, Data}.
