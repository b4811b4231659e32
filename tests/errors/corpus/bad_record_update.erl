%% expect: 6:13: field b undefined in record r
-module(bad_record_update).
-export([f/1]).
-record(r, {a}).

f(R) -> R#r{b = 1}.
