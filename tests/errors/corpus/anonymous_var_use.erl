%% expect: 5:9: variable '_' is unbound
-module(anonymous_var_use).
-export([f/1]).

f(_) -> _.
