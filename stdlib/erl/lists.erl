%% lists: the list functions written in Erlang. The hot ones (reverse, member,
%% keyfind, keymember, keysearch, append/2, sort/1, usort/1, nth, seq) are native
%% BIFs; this module calls them remotely (lists:reverse(L, [])), because a native
%% BIF is linked before this module's own definitions.
-module(lists).

-export([append/1, subtract/2, last/1, nthtail/2, prefix/2, suffix/2, droplast/1,
         sublist/2, sublist/3, delete/2, duplicate/2, min/1, max/1, sum/1,
         flatten/1, flatten/2, flatlength/1, concat/1, join/2,
         map/2, flatmap/2, filter/2, filtermap/2, foldl/3, foldr/3, foreach/2,
         mapfoldl/3, mapfoldr/3, all/2, any/2, partition/2, splitwith/2, split/2,
         takewhile/2, dropwhile/2, search/2, zip/2, zip3/3, zipwith/3, zipwith3/4,
         unzip/1, unzip3/1, enumerate/1, enumerate/2, uniq/1, uniq/2,
         sort/2, merge/1, merge/2, merge/3, merge3/3, umerge/1, umerge/2, umerge/3,
         umerge3/3, usort/2, keysort/2, ukeysort/2, keymerge/3, ukeymerge/3,
         keystore/4, keyreplace/4, keydelete/3, keytake/3, keymap/3,
         rmerge/2, rmerge/3]).

append(Ls) -> append_1(Ls).
append_1([L | Ls]) -> L ++ append_1(Ls);
append_1([]) -> [].

subtract(A, B) -> A -- B.

last([E | Es]) -> last(E, Es).
last(_, [E | Es]) -> last(E, Es);
last(E, []) -> E.

nthtail(1, [_ | T]) -> T;
nthtail(N, [_ | T]) when N > 1 -> nthtail(N - 1, T);
nthtail(0, L) when is_list(L) -> L.

prefix([X | PreTail], [X | Tail]) -> prefix(PreTail, Tail);
prefix([], List) when is_list(List) -> true;
prefix([_ | _], List) when is_list(List) -> false.

suffix(Suffix, List) ->
    Delta = length(List) - length(Suffix),
    Delta >= 0 andalso nthtail(Delta, List) =:= Suffix.

droplast([_T]) -> [];
droplast([H | T]) -> [H | droplast(T)].

sublist(List, L) when is_integer(L), is_list(List) -> sublist_2(List, L).
sublist_2([H | T], L) when L > 0 -> [H | sublist_2(T, L - 1)];
sublist_2(_, 0) -> [];
sublist_2(List, L) when is_list(List), L > 0 -> [].

sublist(List, 1, L) when is_list(List), is_integer(L), L >= 0 -> sublist(List, L);
sublist([_ | T], S, L) when is_integer(S), S >= 2 -> sublist(T, S - 1, L);
sublist([], S, _L) when is_integer(S), S >= 2 -> [].

delete(Item, [Item | Rest]) -> Rest;
delete(Item, [H | Rest]) -> [H | delete(Item, Rest)];
delete(_, []) -> [].

duplicate(N, X) when is_integer(N), N >= 0 -> duplicate(N, X, []).
duplicate(0, _, L) -> L;
duplicate(N, X, L) -> duplicate(N - 1, X, [X | L]).

min([H | T]) -> min_1(T, H).
min_1([H | T], Min) when H < Min -> min_1(T, H);
min_1([_ | T], Min) -> min_1(T, Min);
min_1([], Min) -> Min.

max([H | T]) -> max_1(T, H).
max_1([H | T], Max) when H > Max -> max_1(T, H);
max_1([_ | T], Max) -> max_1(T, Max);
max_1([], Max) -> Max.

sum(L) -> sum(L, 0).
sum([H | T], Sum) -> sum(T, Sum + H);
sum([], Sum) -> Sum.

flatten(List) when is_list(List) -> do_flatten(List, []).
flatten(List, Tail) when is_list(List), is_list(Tail) -> do_flatten(List, Tail).
do_flatten([H | T], Tail) when is_list(H) -> do_flatten(H, do_flatten(T, Tail));
do_flatten([H | T], Tail) -> [H | do_flatten(T, Tail)];
do_flatten([], Tail) -> Tail.

flatlength(List) -> flatlength(List, 0).
flatlength([H | T], L) when is_list(H) -> flatlength(H, flatlength(T, L));
flatlength([_ | T], L) -> flatlength(T, L + 1);
flatlength([], L) -> L.

concat(List) -> flatmap(fun thing_to_list/1, List).
thing_to_list(X) when is_integer(X) -> integer_to_list(X);
thing_to_list(X) when is_float(X) -> float_to_list(X);
thing_to_list(X) when is_atom(X) -> atom_to_list(X);
thing_to_list(X) when is_list(X) -> X.

join(_Sep, []) -> [];
join(Sep, [H | T]) -> [H | join_prepend(Sep, T)].
join_prepend(_Sep, []) -> [];
join_prepend(Sep, [H | T]) -> [Sep, H | join_prepend(Sep, T)].

%% map and filter are body recursive, as OTP's; the compiler turns such a function
%% (its clauses end in [E | itself(...)], itself(...) or a value) into a loop that
%% appends each cell in place (tail recursion modulo cons, docs/internals/isa.md):
%% constant stack, one cell per element, no reverse.
map(F, List) when is_function(F, 1) ->
    case List of
        [Hd | Tail] -> [F(Hd) | map_1(F, Tail)];
        [] -> []
    end.
map_1(F, [Hd | Tail]) -> [F(Hd) | map_1(F, Tail)];
map_1(_F, []) -> [].

flatmap(F, List) when is_function(F, 1) -> flatmap_1(F, List).
flatmap_1(F, [Hd | Tail]) -> F(Hd) ++ flatmap_1(F, Tail);
flatmap_1(_F, []) -> [].

filter(Pred, List) when is_function(Pred, 1) -> filter_1(Pred, List).
filter_1(Pred, [Hd | Tail]) ->
    case Pred(Hd) of
        true -> [Hd | filter_1(Pred, Tail)];
        false -> filter_1(Pred, Tail);
        Other -> erlang:error({bad_filter, Other})
    end;
filter_1(_Pred, []) -> [];
filter_1(_Pred, Other) -> erlang:error({bad_generator, Other}).

filtermap(F, List) when is_function(F, 1) -> filtermap_1(F, List).
filtermap_1(F, [Hd | Tail]) ->
    case F(Hd) of
        true -> [Hd | filtermap_1(F, Tail)];
        {true, Val} -> [Val | filtermap_1(F, Tail)];
        false -> filtermap_1(F, Tail)
    end;
filtermap_1(_F, []) -> [].

foldl(F, Accu, List) when is_function(F, 2) ->
    case List of
        [Hd | Tail] -> foldl_1(F, F(Hd, Accu), Tail);
        [] -> Accu
    end.
foldl_1(F, Accu, [Hd | Tail]) -> foldl_1(F, F(Hd, Accu), Tail);
foldl_1(_F, Accu, []) -> Accu.

foldr(F, Accu, List) when is_function(F, 2) -> foldr_1(F, Accu, List).
foldr_1(F, Accu, [Hd | Tail]) -> F(Hd, foldr_1(F, Accu, Tail));
foldr_1(_F, Accu, []) -> Accu.

foreach(F, List) when is_function(F, 1) -> foreach_1(F, List).
foreach_1(F, [Hd | Tail]) ->
    F(Hd),
    foreach_1(F, Tail);
foreach_1(_F, []) -> ok.

mapfoldl(F, Accu, List) when is_function(F, 2) -> mapfoldl_1(F, Accu, List).
mapfoldl_1(F, Accu0, [Hd | Tail]) ->
    {R, Accu1} = F(Hd, Accu0),
    {Rs, Accu2} = mapfoldl_1(F, Accu1, Tail),
    {[R | Rs], Accu2};
mapfoldl_1(_F, Accu, []) -> {[], Accu}.

mapfoldr(F, Accu, List) when is_function(F, 2) -> mapfoldr_1(F, Accu, List).
mapfoldr_1(F, Accu0, [Hd | Tail]) ->
    {Rs, Accu1} = mapfoldr_1(F, Accu0, Tail),
    {R, Accu2} = F(Hd, Accu1),
    {[R | Rs], Accu2};
mapfoldr_1(_F, Accu, []) -> {[], Accu}.

all(Pred, List) when is_function(Pred, 1) -> all_1(Pred, List).
all_1(Pred, [Hd | Tail]) ->
    case Pred(Hd) of
        true -> all_1(Pred, Tail);
        false -> false
    end;
all_1(_Pred, []) -> true.

any(Pred, List) when is_function(Pred, 1) -> any_1(Pred, List).
any_1(Pred, [Hd | Tail]) ->
    case Pred(Hd) of
        true -> true;
        false -> any_1(Pred, Tail)
    end;
any_1(_Pred, []) -> false.

partition(Pred, L) when is_function(Pred, 1) -> partition(Pred, L, [], []).
partition(Pred, [H | T], As, Bs) ->
    case Pred(H) of
        true -> partition(Pred, T, [H | As], Bs);
        false -> partition(Pred, T, As, [H | Bs])
    end;
partition(Pred, [], As, Bs) when is_function(Pred, 1) ->
    {lists:reverse(As, []), lists:reverse(Bs, [])}.

splitwith(Pred, List) when is_function(Pred, 1) -> splitwith(Pred, List, []).
splitwith(Pred, [Hd | Tail], Taken) ->
    case Pred(Hd) of
        true -> splitwith(Pred, Tail, [Hd | Taken]);
        false -> {lists:reverse(Taken, []), [Hd | Tail]}
    end;
splitwith(Pred, [], Taken) when is_function(Pred, 1) -> {lists:reverse(Taken, []), []}.

split(N, List) when is_integer(N), N >= 0, is_list(List) ->
    case split(N, List, []) of
        {_, _} = Result -> Result;
        Fault when is_atom(Fault) -> erlang:error(Fault, [N, List])
    end;
split(N, List) -> erlang:error(badarg, [N, List]).
split(0, L, R) -> {lists:reverse(R, []), L};
split(N, [H | T], R) -> split(N - 1, T, [H | R]);
split(_, [], _) -> badarg.

takewhile(Pred, List) when is_function(Pred, 1) -> takewhile_1(Pred, List).
takewhile_1(Pred, [Hd | Tail]) ->
    case Pred(Hd) of
        true -> [Hd | takewhile_1(Pred, Tail)];
        false -> []
    end;
takewhile_1(_Pred, []) -> [].

dropwhile(Pred, List) when is_function(Pred, 1) -> dropwhile_1(Pred, List).
dropwhile_1(Pred, [Hd | Tail] = Rest) ->
    case Pred(Hd) of
        true -> dropwhile_1(Pred, Tail);
        false -> Rest
    end;
dropwhile_1(_Pred, []) -> [].

search(Pred, [Hd | Tail]) ->
    case Pred(Hd) of
        true -> {value, Hd};
        false -> search(Pred, Tail)
    end;
search(Pred, []) when is_function(Pred, 1) -> false.

zip([X | Xs], [Y | Ys]) -> [{X, Y} | zip(Xs, Ys)];
zip([], []) -> [].

zip3([X | Xs], [Y | Ys], [Z | Zs]) -> [{X, Y, Z} | zip3(Xs, Ys, Zs)];
zip3([], [], []) -> [].

zipwith(F, [X | Xs], [Y | Ys]) -> [F(X, Y) | zipwith(F, Xs, Ys)];
zipwith(F, [], []) when is_function(F, 2) -> [].

zipwith3(F, [X | Xs], [Y | Ys], [Z | Zs]) -> [F(X, Y, Z) | zipwith3(F, Xs, Ys, Zs)];
zipwith3(F, [], [], []) when is_function(F, 3) -> [].

unzip(Ts) -> unzip(Ts, [], []).
unzip([{X, Y} | Ts], Xs, Ys) -> unzip(Ts, [X | Xs], [Y | Ys]);
unzip([], Xs, Ys) -> {lists:reverse(Xs, []), lists:reverse(Ys, [])}.

unzip3(Ts) -> unzip3(Ts, [], [], []).
unzip3([{X, Y, Z} | Ts], Xs, Ys, Zs) -> unzip3(Ts, [X | Xs], [Y | Ys], [Z | Zs]);
unzip3([], Xs, Ys, Zs) -> {lists:reverse(Xs, []), lists:reverse(Ys, []), lists:reverse(Zs, [])}.

enumerate(List) when is_list(List) -> enumerate_1(1, List).
enumerate(Index, List) when is_integer(Index), is_list(List) -> enumerate_1(Index, List).
enumerate_1(Index, [H | T]) -> [{Index, H} | enumerate_1(Index + 1, T)];
enumerate_1(_Index, []) -> [].

uniq(L) -> uniq_1(L, #{}).
uniq_1([X | Xs], M) ->
    case is_map_key(X, M) of
        true -> uniq_1(Xs, M);
        false -> [X | uniq_1(Xs, M#{X => true})]
    end;
uniq_1([], _) -> [].

uniq(F, L) when is_function(F, 1) -> uniq_2(L, F, #{}).
uniq_2([X | Xs], F, M) ->
    Key = F(X),
    case is_map_key(Key, M) of
        true -> uniq_2(Xs, F, M);
        false -> [X | uniq_2(Xs, F, M#{Key => true})]
    end;
uniq_2([], _, _) -> [].

%% ---- sorting with an ordering fun, merging ----

sort(Fun, List) when is_function(Fun, 2) ->
    case List of
        [] -> [];
        [_] -> List;
        _ -> msort_fun(Fun, List)
    end.

%% A stable top-down merge sort: Fun(A, B) is true when A may come before B.
msort_fun(Fun, List) ->
    Len = len(List, 0),
    {Sorted, []} = msort_fun(Fun, List, Len),
    Sorted.
len([_ | T], N) -> len(T, N + 1);
len([], N) -> N.

msort_fun(_Fun, [X | Rest], 1) -> {[X], Rest};
msort_fun(Fun, List, N) ->
    H = N div 2,
    {A, Rest1} = msort_fun(Fun, List, H),
    {B, Rest2} = msort_fun(Fun, Rest1, N - H),
    {merge_fun(Fun, A, B), Rest2}.

merge_fun(Fun, [A | As] = AL, [B | Bs] = BL) ->
    case Fun(A, B) of
        true -> [A | merge_fun(Fun, As, BL)];
        false -> [B | merge_fun(Fun, AL, Bs)]
    end;
merge_fun(_Fun, [], BL) -> BL;
merge_fun(_Fun, AL, []) -> AL.

merge(Fun, L1, L2) when is_function(Fun, 2), is_list(L1), is_list(L2) -> merge_fun(Fun, L1, L2).

merge(L1, L2) when is_list(L1), is_list(L2) -> merge2(L1, L2).
merge2([A | As] = AL, [B | Bs] = BL) ->
    if
        A =< B -> [A | merge2(As, BL)];
        true -> [B | merge2(AL, Bs)]
    end;
merge2([], BL) -> BL;
merge2(AL, []) -> AL.

merge(ListOfLists) -> foldl(fun(L, Acc) -> merge2(Acc, L) end, [], ListOfLists).

merge3(L1, L2, L3) -> merge2(merge2(L1, L2), L3).

rmerge(L1, L2) -> rmerge2(L1, L2).
%% Ties take the second list's element: reversing the result gives merge/2's order.
rmerge2([A | As] = AL, [B | Bs] = BL) ->
    if
        A > B -> [A | rmerge2(As, BL)];
        true -> [B | rmerge2(AL, Bs)]
    end;
rmerge2([], BL) -> BL;
rmerge2(AL, []) -> AL.

rmerge(Fun, L1, L2) -> merge_fun(fun(A, B) -> not Fun(A, B) end, L1, L2).

umerge(L1, L2) when is_list(L1), is_list(L2) -> umerge2(L1, L2).
umerge2([A | As] = AL, [B | Bs] = BL) ->
    if
        A < B -> [A | umerge2(As, BL)];
        A == B -> [A | umerge2(As, Bs)];
        true -> [B | umerge2(AL, Bs)]
    end;
umerge2([], BL) -> BL;
umerge2(AL, []) -> AL.

umerge(ListOfLists) -> foldl(fun(L, Acc) -> umerge2(Acc, L) end, [], ListOfLists).

umerge3(L1, L2, L3) -> umerge2(umerge2(L1, L2), L3).

umerge(Fun, L1, L2) when is_function(Fun, 2), is_list(L1), is_list(L2) -> umerge_fun(Fun, L1, L2).
umerge_fun(Fun, [A | As] = AL, [B | Bs] = BL) ->
    case Fun(A, B) of
        true ->
            case Fun(B, A) of
                true -> [A | umerge_fun(Fun, As, Bs)];
                false -> [A | umerge_fun(Fun, As, BL)]
            end;
        false -> [B | umerge_fun(Fun, AL, Bs)]
    end;
umerge_fun(_Fun, [], BL) -> BL;
umerge_fun(_Fun, AL, []) -> AL.

%% usort/2: sorted with Fun, keeping the first of elements that compare equal
%% (Fun(A, B) and Fun(B, A) both true).
usort(Fun, List) when is_function(Fun, 2) ->
    usort_dedup(Fun, sort(Fun, List)).
usort_dedup(Fun, [A, B | T]) ->
    case Fun(B, A) of
        true -> usort_dedup(Fun, [A | T]);
        false -> [A | usort_dedup(Fun, [B | T])]
    end;
usort_dedup(_Fun, L) -> L.

keysort(I, L) when is_integer(I), I > 0 ->
    case L of
        [] -> L;
        [_] -> L;
        _ -> msort_fun(fun(A, B) -> element(I, A) =< element(I, B) end, L)
    end.

ukeysort(I, L) when is_integer(I), I > 0 ->
    ukeysort_dedup(I, keysort(I, L)).
ukeysort_dedup(I, [A, B | T]) ->
    case element(I, A) == element(I, B) of
        true -> ukeysort_dedup(I, [A | T]);
        false -> [A | ukeysort_dedup(I, [B | T])]
    end;
ukeysort_dedup(_I, L) -> L.

keymerge(Index, L1, L2) when is_integer(Index), Index > 0 ->
    merge_fun(fun(A, B) -> element(Index, A) =< element(Index, B) end, L1, L2).

ukeymerge(Index, L1, L2) when is_integer(Index), Index > 0 ->
    ukeysort_dedup(Index, keymerge(Index, L1, L2)).

keystore(K, N, L, New) when is_integer(N), N > 0, is_tuple(New) -> keystore2(K, N, L, New).
keystore2(Key, N, [H | T], New) when element(N, H) == Key -> [New | T];
keystore2(Key, N, [H | T], New) -> [H | keystore2(Key, N, T, New)];
keystore2(_Key, _N, [], New) -> [New].

keyreplace(K, N, L, New) when is_integer(N), N > 0, is_tuple(New) -> keyreplace3(K, N, L, New).
keyreplace3(Key, Pos, [Tup | Tail], New) when element(Pos, Tup) == Key -> [New | Tail];
keyreplace3(Key, Pos, [H | T], New) -> [H | keyreplace3(Key, Pos, T, New)];
keyreplace3(_, _, [], _) -> [].

keydelete(K, N, L) when is_integer(N), N > 0 -> keydelete3(K, N, L).
keydelete3(Key, N, [H | T]) when element(N, H) == Key -> T;
keydelete3(Key, N, [H | T]) -> [H | keydelete3(Key, N, T)];
keydelete3(_, _, []) -> [].

keytake(Key, N, L) when is_integer(N), N > 0 -> keytake(Key, N, L, []).
keytake(Key, N, [H | T], L) when element(N, H) == Key -> {value, H, lists:reverse(L, T)};
keytake(Key, N, [H | T], L) -> keytake(Key, N, T, [H | L]);
keytake(_K, _N, [], _L) -> false.

keymap(Fun, Index, [Tup | Tail]) -> [setelement(Index, Tup, Fun(element(Index, Tup))) | keymap(Fun, Index, Tail)];
keymap(Fun, Index, []) when is_integer(Index), Index >= 1, is_function(Fun, 1) -> [].
