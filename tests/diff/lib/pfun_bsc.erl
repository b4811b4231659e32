%% Basic math for the pfun_* programs (seed 003's bsc_math).
-module(pfun_bsc).
-export([mult/2]).

mult(X, Y) -> X * Y.
