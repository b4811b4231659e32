%% queue: double-ended FIFO queues as {RearList, FrontList}. The front list holds
%% the oldest elements first, the rear list the newest first. The exact shapes
%% after each operation follow OTP's, because programs print queues: when one side
%% runs empty the other is split in half (f2r/r2f) so both ends stay cheap.
-module(queue).

-export([new/0, is_queue/1, is_empty/1, len/1, to_list/1, from_list/1, member/2,
         in/2, in_r/2, out/1, out_r/1, get/1, get_r/1, peek/1, peek_r/1, drop/1,
         drop_r/1, reverse/1, join/2, split/2, filter/2, filtermap/2, fold/3, all/2,
         any/2, delete/2, delete_r/2, delete_with/2, delete_with_r/2]).
-export([cons/2, head/1, tail/1, snoc/2, daeh/1, last/1, liat/1, lait/1, init/1]).

new() -> {[], []}.

is_queue({R, F}) when is_list(R), is_list(F) -> true;
is_queue(_) -> false.

is_empty({[], []}) -> true;
is_empty({R, F}) when is_list(R), is_list(F) -> false;
is_empty(Q) -> erlang:error(badarg, [Q]).

len({R, F}) when is_list(R), is_list(F) -> length(R) + length(F);
len(Q) -> erlang:error(badarg, [Q]).

to_list({R, F}) when is_list(R), is_list(F) -> F ++ lists:reverse(R, []);
to_list(Q) -> erlang:error(badarg, [Q]).

from_list(L) when is_list(L) -> f2r(L);
from_list(L) -> erlang:error(badarg, [L]).

member(X, {R, F}) when is_list(R), is_list(F) -> lists:member(X, F) orelse lists:member(X, R);
member(X, Q) -> erlang:error(badarg, [X, Q]).

in(X, {[_] = R, []}) -> {[X], R};
in(X, {R, F}) when is_list(R), is_list(F) -> {[X | R], F};
in(X, Q) -> erlang:error(badarg, [X, Q]).

in_r(X, {[], [_] = F}) -> {F, [X]};
in_r(X, {R, F}) when is_list(R), is_list(F) -> {R, [X | F]};
in_r(X, Q) -> erlang:error(badarg, [X, Q]).

out({[], []} = Q) -> {empty, Q};
out({[V], []}) -> {{value, V}, {[], []}};
out({[Y | R], []}) ->
    [V | F] = lists:reverse(R, []),
    {{value, V}, {[Y], F}};
out({R, [V]}) when is_list(R) -> {{value, V}, r2f(R)};
out({R, [V | F]}) when is_list(R) -> {{value, V}, {R, F}};
out(Q) -> erlang:error(badarg, [Q]).

out_r({[], []} = Q) -> {empty, Q};
out_r({[], [V]}) -> {{value, V}, {[], []}};
out_r({[], [Y | F]}) ->
    [V | R] = lists:reverse(F, []),
    {{value, V}, {R, [Y]}};
out_r({[V], F}) when is_list(F) -> {{value, V}, f2r(F)};
out_r({[V | R], F}) when is_list(F) -> {{value, V}, {R, F}};
out_r(Q) -> erlang:error(badarg, [Q]).

get(Q) -> front(Q).

front({[], []} = Q) -> erlang:error(empty, [Q]);
front({R, [X | _]}) when is_list(R) -> X;
front({[X], []}) -> X;
front({[_ | R], []}) -> lists:last(R);
front(Q) -> erlang:error(badarg, [Q]).

get_r({[], []} = Q) -> erlang:error(empty, [Q]);
get_r({[X | _], F}) when is_list(F) -> X;
get_r({[], [X]}) -> X;
get_r({[], [_ | F]}) -> lists:last(F);
get_r(Q) -> erlang:error(badarg, [Q]).

peek({[], []}) -> empty;
peek({R, F} = Q) when is_list(R), is_list(F) -> {value, front(Q)};
peek(Q) -> erlang:error(badarg, [Q]).

peek_r({[], []}) -> empty;
peek_r({R, F} = Q) when is_list(R), is_list(F) -> {value, get_r(Q)};
peek_r(Q) -> erlang:error(badarg, [Q]).

drop({[], []} = Q) -> erlang:error(empty, [Q]);
drop({R, F} = Q) when is_list(R), is_list(F) ->
    {_, Q1} = out(Q),
    Q1;
drop(Q) -> erlang:error(badarg, [Q]).

drop_r({[], []} = Q) -> erlang:error(empty, [Q]);
drop_r({R, F} = Q) when is_list(R), is_list(F) ->
    {_, Q1} = out_r(Q),
    Q1;
drop_r(Q) -> erlang:error(badarg, [Q]).

reverse({R, F}) when is_list(R), is_list(F) -> {F, R};
reverse(Q) -> erlang:error(badarg, [Q]).

join({R, F} = Q, {[], []}) when is_list(R), is_list(F) -> Q;
join({[], []}, {R, F} = Q) when is_list(R), is_list(F) -> Q;
join({R1, F1}, {R2, F2}) when is_list(R1), is_list(F1), is_list(R2), is_list(F2) ->
    {R2, F1 ++ lists:reverse(R1, F2)};
join(Q1, Q2) -> erlang:error(badarg, [Q1, Q2]).

%% The first N elements and the rest, each part keeping what it can of the layout.
split(0, {R, F} = Q) when is_list(R), is_list(F) -> {{[], []}, Q};
split(N, {R, F} = Q) when is_integer(N), N >= 1, is_list(R), is_list(F) ->
    Lf = length(F),
    if
        N < Lf ->
            [X | F1] = F,
            front_to_rear(N - 1, R, F1, [], [X]);
        N > Lf ->
            M = length(R) - (N - Lf),
            if
                M < 0 -> erlang:error(badarg, [N, Q]);
                M > 0 ->
                    [X | R1] = R,
                    rear_to_front(M - 1, R1, F, [X], []);
                true -> {Q, {[], []}}
            end;
        true -> {f2r(F), r2f(R)}
    end;
split(N, Q) -> erlang:error(badarg, [N, Q]).

front_to_rear(0, R1, F1, R2, F2) -> {{R2, F2}, {R1, F1}};
front_to_rear(N, R1, [X | F1], R2, F2) -> front_to_rear(N - 1, R1, F1, [X | R2], F2).

rear_to_front(0, R1, F1, R2, F2) -> {{R1, F1}, {R2, F2}};
rear_to_front(N, [X | R1], F1, R2, F2) -> rear_to_front(N - 1, R1, F1, R2, [X | F2]).

%% Fun returns true, false, or a list of elements to put in place of the element.
filter(Fun, {R0, F0}) when is_function(Fun, 1), is_list(R0), is_list(F0) ->
    F = filter_front(Fun, F0),
    R = lists:reverse(filter_front(Fun, lists:reverse(R0, [])), []),
    rebalance(R, F);
filter(Fun, Q) -> erlang:error(badarg, [Fun, Q]).

filter_front(_Fun, []) -> [];
filter_front(Fun, [X | T]) ->
    case Fun(X) of
        true -> [X | filter_front(Fun, T)];
        false -> filter_front(Fun, T);
        L when is_list(L) -> L ++ filter_front(Fun, T)
    end.

%% Fun returns true, false or {true, NewElement}.
filtermap(Fun, {R0, F0}) when is_function(Fun, 1), is_list(R0), is_list(F0) ->
    F = lists:filtermap(Fun, F0),
    R = lists:reverse(lists:filtermap(Fun, lists:reverse(R0, [])), []),
    rebalance(R, F);
filtermap(Fun, Q) -> erlang:error(badarg, [Fun, Q]).

fold(Fun, Acc0, {R, F}) when is_function(Fun, 2), is_list(R), is_list(F) ->
    lists:foldl(Fun, lists:foldl(Fun, Acc0, F), lists:reverse(R, []));
fold(Fun, Acc0, Q) -> erlang:error(badarg, [Fun, Acc0, Q]).

all(Pred, {R, F}) when is_function(Pred, 1), is_list(R), is_list(F) ->
    lists:all(Pred, F) andalso lists:all(Pred, R);
all(Pred, Q) -> erlang:error(badarg, [Pred, Q]).

any(Pred, {R, F}) when is_function(Pred, 1), is_list(R), is_list(F) ->
    lists:any(Pred, F) orelse lists:any(Pred, R);
any(Pred, Q) -> erlang:error(badarg, [Pred, Q]).

%% Removes the first (delete) or last (delete_r) element equal to X.
delete(X, Q) -> delete_with(fun(Y) -> Y =:= X end, Q).
delete_r(X, Q) -> delete_with_r(fun(Y) -> Y =:= X end, Q).

delete_with(Pred, {R0, F0} = Q) when is_function(Pred, 1), is_list(R0), is_list(F0) ->
    case delete_first(Pred, F0) of
        {true, F} -> rebalance(R0, F);
        false ->
            case delete_first(Pred, lists:reverse(R0, [])) of
                {true, RevR} -> rebalance(lists:reverse(RevR, []), F0);
                false -> Q
            end
    end;
delete_with(Pred, Q) -> erlang:error(badarg, [Pred, Q]).

delete_with_r(Pred, {R, F} = Q) when is_function(Pred, 1), is_list(R), is_list(F) ->
    reverse(delete_with(Pred, reverse(Q)));
delete_with_r(Pred, Q) -> erlang:error(badarg, [Pred, Q]).

delete_first(_Pred, []) -> false;
delete_first(Pred, [X | T]) ->
    case Pred(X) of
        true -> {true, T};
        false ->
            case delete_first(Pred, T) of
                {true, T1} -> {true, [X | T1]};
                false -> false
            end
    end.

%% The Okasaki-style names.
cons(X, Q) -> in_r(X, Q).
head(Q) -> front(Q).
tail(Q) -> drop(Q).
snoc(Q, X) -> in(X, Q).
daeh(Q) -> get_r(Q).
last(Q) -> get_r(Q).
liat(Q) -> drop_r(Q).
lait(Q) -> drop_r(Q).
init(Q) -> drop_r(Q).

%% ---- internals ----

rebalance([], F) -> f2r(F);
rebalance(R, []) -> r2f(R);
rebalance(R, F) -> {R, F}.

%% A front-ordered list as a queue: the first half stays in front.
f2r(L) ->
    {F, Back} = lists:split(length(L) div 2, L),
    {lists:reverse(Back, []), F}.

%% A rear-ordered list as a queue: the newest half stays in the rear.
r2f(L) ->
    {R, Front} = lists:split(length(L) div 2, L),
    {R, lists:reverse(Front, [])}.
