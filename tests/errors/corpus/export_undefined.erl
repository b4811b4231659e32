%% expect: 4:2: function g/1 undefined
%% expect: 4:2: function h/2 undefined
-module(export_undefined).
-export([f/0, g/1, h/2]).

f() -> ok.
