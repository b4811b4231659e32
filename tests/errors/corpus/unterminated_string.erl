%% expect: 6:8: unterminated string starting with "never closed.\n"
-module(unterminated_string).
-export([f/0]).

f() -> ok.
g() -> "never closed.
