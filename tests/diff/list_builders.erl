-module(list_builders).
-export([main/1]).

%% Body recursion that builds a list ([E | f(...)], f itself): pfun compiles such
%% functions to a loop over a list builder (tail recursion modulo cons). Results,
%% the order of side effects, errors and the top of stack traces must be erl's, and
%% a million elements must not need a million frames.

dbl([H | T]) -> [H * 2 | dbl(T)];
dbl([]) -> [].

pairs([A, B | T]) -> [{A, B}, {B, A} | pairs(T)];
pairs([_]) -> [odd];
pairs([]) -> [].

evens([H | T]) when H rem 2 =:= 0 -> [H | evens(T)];
evens([_ | T]) -> evens(T);
evens([]) -> [].

keep(P, [H | T]) ->
    case P(H) of
        true -> [H | keep(P, T)];
        false -> keep(P, T);
        Other -> erlang:error({bad_keep, Other})
    end;
keep(_P, []) -> [].

%% The base case is not []: it becomes the last tail.
app([H | T], Tail) -> [H | app(T, Tail)];
app([], Tail) -> Tail.

%% Side effects happen in erl's order.
trace([H | T]) -> [logged(H) | trace(T)];
trace([]) -> [].
logged(X) ->
    put(log, [X | get(log)]),
    X.

upto(N, N) -> [N];
upto(I, N) -> [I | upto(I + 1, N)].

%% A try inside the loop.
safe([H | T]) ->
    try 10 div H of
        V -> [V | safe(T)]
    catch
        error:badarith -> [inf | safe(T)]
    end;
safe([]) -> [].

%% A tail call to another function: stays a plain function, mutual recursion in
%% constant stack.
mixed([a | T]) -> [x | mixed(T)];
mixed([b | T]) -> other(T);
mixed([]) -> [].
other(T) -> mixed(T).

%% orelse's right operand is a tail position too (and need not be a boolean).
upto_if(I, N) -> I > N orelse [I | upto_if(I + 1, N)].

comp(L) -> [X * X || X <- L, X rem 3 =/= 0].
comp2(L) -> [{X, Y} || X <- L, Y <- [a, b]].

top(F) ->
    try F() of
        V -> {ok, V}
    catch
        Class:Reason:Stack -> {Class, Reason, frame(hd(Stack))}
    end.

%% For the library's functions: their internal names and lines are OTP's own.
reason(F) ->
    try F() of
        V -> {ok, V}
    catch
        Class:Reason -> {Class, Reason}
    end.

frame({M, F, A, Loc}) ->
    {M, F, A, proplists:get_value(line, Loc)}.

main(_) ->
    io:format("~p~n", [dbl([1, 2, 3])]),
    io:format("~p~n", [dbl([])]),
    io:format("~p~n", [pairs([1, 2, 3, 4, 5])]),
    io:format("~p~n", [pairs([1, 2, 3, 4])]),
    io:format("~p~n", [evens(lists:seq(1, 20))]),
    io:format("~p~n", [keep(fun(X) -> X > 2 end, [1, 5, 2, 7])]),
    io:format("~p~n", [app([1, 2], [3 | 4])]),
    io:format("~p~n", [app([], tail)]),
    put(log, []),
    io:format("~p ~p~n", [trace([a, b, c]), get(log)]),
    io:format("~p~n", [upto(1, 10)]),
    io:format("~p~n", [safe([1, 0, 5, 0])]),
    io:format("~p~n", [mixed([a, b, a, a, b])]),
    io:format("~p~n", [upto_if(1, 5)]),
    io:format("~p~n", [comp(lists:seq(1, 10))]),
    io:format("~p~n", [comp2([1, 2])]),
    io:format("~p~n", [lists:map(fun(X) -> {X} end, [1, 2, 3])]),
    io:format("~p~n", [lists:filter(fun(X) -> X > 1 end, [3, 1, 2])]),
    %% A million elements: constant stack.
    Big = lists:seq(1, 1000000),
    D = dbl(Big),
    io:format("~p~n", [{length(D), lists:sum(D), lists:last(D)}]),
    A = app(Big, [end_]),
    io:format("~p~n", [{length(A), lists:last(A)}]),
    M = lists:map(fun(X) -> X + 1 end, Big),
    F = lists:filter(fun(X) -> X rem 3 =:= 0 end, M),
    io:format("~p~n", [{length(M), length(F), lists:sum(F)}]),
    io:format("~p~n", [length(upto(1, 1000000))]),
    io:format("~p~n", [length(mixed(lists:duplicate(1000000, b) ++ [a]))]),
    %% Errors: reasons and the top of the stack trace.
    io:format("~p~n", [top(fun() -> dbl([1, 2 | 3]) end)]),
    io:format("~p~n", [top(fun() -> dbl([1, x, 3]) end)]),
    io:format("~p~n", [top(fun() -> keep(fun(X) -> X end, [true, maybe]) end)]),
    io:format("~p~n", [reason(fun() -> lists:map(fun(X) -> X + 1 end, [1 | 2]) end)]),
    io:format("~p~n", [reason(fun() -> lists:filter(fun(X) -> X end, [true, 3]) end)]),
    io:format("~p~n", [reason(fun() -> lists:filter(fun(X) -> X end, [true | 3]) end)]),
    io:format("~p~n", [top(fun() -> pairs(notalist) end)]).
