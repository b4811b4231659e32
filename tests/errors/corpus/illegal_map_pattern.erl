%% expect: 6:9: illegal pattern
%% expect: 6:19: variable 'V' is unbound
-module(illegal_map_pattern).
-export([f/1]).

f(#{key => V}) -> V.
