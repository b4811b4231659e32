%% ordsets: sets as ordered lists without duplicates. The representation is a plain
%% sorted list, so a set prints exactly as it does under erl. Elements are
%% compared with < and == (1 and 1.0 are the same element), as the documented
%% module does.
-module(ordsets).

-export([new/0, is_set/1, size/1, is_empty/1, to_list/1, from_list/1, is_element/2,
         add_element/2, del_element/2, union/2, union/1, intersection/2,
         intersection/1, is_disjoint/2, subtract/2, is_subset/2, is_equal/2, fold/3,
         filter/2, map/2, filtermap/2]).

new() -> [].

is_set([E | Es]) -> is_set_1(E, Es);
is_set([]) -> true;
is_set(_) -> false.

is_set_1(P, [E | Es]) when P < E -> is_set_1(E, Es);
is_set_1(_, [_ | _]) -> false;
is_set_1(_, []) -> true;
is_set_1(_, _) -> false.

size(S) -> length(S).

is_empty(S) -> S =:= [].

to_list(S) when is_list(S) -> S.

from_list(L) -> lists:usort(L).

is_element(E, [H | Es]) when E > H -> is_element(E, Es);
is_element(E, [H | _]) when E < H -> false;
is_element(_, [_ | _]) -> true;
is_element(_, []) -> false.

add_element(E, [H | Es]) when E > H -> [H | add_element(E, Es)];
add_element(E, [H | _] = S) when E < H -> [E | S];
add_element(_, [_ | _] = S) -> S;
add_element(E, []) -> [E].

del_element(E, [H | Es]) when E > H -> [H | del_element(E, Es)];
del_element(E, [H | _] = S) when E < H -> S;
del_element(_, [_ | Es]) -> Es;
del_element(_, []) -> [].

union([A | As], [B | _] = Bs) when A < B -> [A | union(As, Bs)];
union([A | _] = As, [B | Bs]) when A > B -> [B | union(As, Bs)];
union([A | As], [_ | Bs]) -> [A | union(As, Bs)];
union([], Bs) -> Bs;
union(As, []) -> As.

union(Sets) when is_list(Sets) -> lists:umerge(Sets).

intersection([A | As], [B | _] = Bs) when A < B -> intersection(As, Bs);
intersection([A | _] = As, [B | Bs]) when A > B -> intersection(As, Bs);
intersection([A | As], [_ | Bs]) -> [A | intersection(As, Bs)];
intersection([], _) -> [];
intersection(_, []) -> [].

intersection([S | Ss]) -> lists:foldl(fun(S1, Acc) -> intersection(Acc, S1) end, S, Ss).

is_disjoint([A | As], [B | _] = Bs) when A < B -> is_disjoint(As, Bs);
is_disjoint([A | _] = As, [B | Bs]) when A > B -> is_disjoint(As, Bs);
is_disjoint([_ | _], [_ | _]) -> false;
is_disjoint([], _) -> true;
is_disjoint(_, []) -> true.

subtract([A | As], [B | _] = Bs) when A < B -> [A | subtract(As, Bs)];
subtract([A | _] = As, [B | Bs]) when A > B -> subtract(As, Bs);
subtract([_ | As], [_ | Bs]) -> subtract(As, Bs);
subtract([], _) -> [];
subtract(As, []) -> As.

is_subset([A | _], [B | _]) when A < B -> false;
is_subset([A | _] = As, [B | Bs]) when A > B -> is_subset(As, Bs);
is_subset([_ | As], [_ | Bs]) -> is_subset(As, Bs);
is_subset([], _) -> true;
is_subset(_, []) -> false.

is_equal(S1, S2) when is_list(S1), is_list(S2) -> S1 == S2.

fold(F, Acc, Set) -> lists:foldl(F, Acc, Set).

filter(F, Set) -> lists:filter(F, Set).

map(F, Set) -> lists:usort(lists:map(F, Set)).

filtermap(F, Set) -> lists:usort(lists:filtermap(F, Set)).
