-module(mib_novsn).
-export([f/0]).
-author(nobody).

%% A helper module for module_info_basic without -vsn: erlc adds one.
f() -> ok.
