%% Module performing basic math operations (seed 003's use case).
-module(bsc_math).
-export([mult/2]).

mult(X, Y) -> X * Y.
