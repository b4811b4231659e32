-module(mib_lib).
-export([f/0]).
-vsn(7).

%% A helper module for module_info_basic: one export, one attribute.
f() -> ok.
