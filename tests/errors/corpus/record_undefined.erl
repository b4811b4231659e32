%% expect: 6:8: record person undefined
-module(record_undefined).
-export([f/0]).
-record(point, {x = 0, y = 0}).

f() -> #person{name = "x"}.
