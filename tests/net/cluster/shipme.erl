%% Shipped by the policy-reload test from the node under test to the probe's node:
%% whether it may go is what that node's policy decides.
-module(shipme).
-export([work/0]).

work() -> {shipped, helper(20)}.

helper(N) -> N + 1.
