%% expect: 6:17: field z undefined in record point
-module(record_field_undefined).
-export([f/1]).
-record(point, {x = 0, y = 0}).

f(P) -> P#point.z.
