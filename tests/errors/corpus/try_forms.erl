%% expect: 11:24: stacktrace variable 'S' must not be used in a guard
%% expect: 11:40: variable 'Trace' is unbound
%% expect: 14:9: function cleanup/1 undefined
-module(try_forms).
-export([f/1]).

f(X) ->
    try X() of
        V -> V
    catch
        error:R:S when S =/= [] -> {R, Trace};
        throw:T -> T
    after
        cleanup(X)
    end.
