%% string: the OTP 20+ API on character lists and UTF-8 binaries, and the older
%% list-only functions. Characters are handled as code points, with "\r\n" counted
%% as one grapheme as OTP does; results follow OTP's shapes (a binary argument gives
%% binary pieces, pad/replace give chardata lists). uppercase/lowercase,
%% to_upper/to_lower are native BIFs.
-module(string).

-export([length/1, is_empty/1, equal/2, equal/3, reverse/1, slice/2, slice/3,
         pad/2, pad/3, pad/4, trim/1, trim/2, trim/3, chomp/1, split/2, split/3,
         lexemes/2, find/2, find/3, replace/3, replace/4, to_integer/1, to_float/1,
         titlecase/1, casefold/1, next_grapheme/1, next_codepoint/1, prefix/2, take/2, take/3, take/4,
         jaro_similarity/2]).
-export([len/1, concat/2, chr/2, rchr/2, str/2, rstr/2, span/2, cspan/2, substr/2,
         substr/3, sub_string/2, sub_string/3, tokens/2, join/2, copies/2, words/1,
         words/2, sub_word/2, sub_word/3, strip/1, strip/2, strip/3, left/2, left/3,
         right/2, right/3, centre/2, centre/3]).

%% ---- helpers ----

chars(B) when is_binary(B) -> unicode:characters_to_list(B);
chars(L) when is_list(L) -> flat(L).

flat(L) -> flat(L, []).
flat([H | T], Tail) when is_list(H) -> flat(H, flat(T, Tail));
flat([H | T], Tail) when is_binary(H) -> unicode:characters_to_list(H) ++ flat(T, Tail);
flat([H | T], Tail) -> [H | flat(T, Tail)];
flat([], Tail) -> Tail;
flat(B, Tail) when is_binary(B) -> unicode:characters_to_list(B) ++ Tail.

%% The result in the argument's representation.
same(Orig, Chars) when is_binary(Orig) -> unicode:characters_to_binary(Chars);
same(_Orig, Chars) -> Chars.

graphemes([$\r, $\n | T]) -> [[$\r, $\n] | graphemes(T)];
graphemes([C | T]) -> [C | graphemes(T)];
graphemes([]) -> [].

ungraph(Gs) -> flat(Gs).

%% ---- the chardata API ----

length(S) -> erlang:length(graphemes(chars(S))).

is_empty([]) -> true;
is_empty(<<>>) -> true;
is_empty([L | R]) -> is_empty(L) andalso is_empty(R);
is_empty(_) -> false.

equal(A, B) -> chars(A) =:= chars(B).
equal(A, B, false) -> equal(A, B);
equal(A, B, true) -> casefold(chars(A)) =:= casefold(chars(B)).

reverse(S) -> lists:reverse(graphemes(chars(S)), []).

slice(S, Start) -> slice(S, Start, infinity).
slice(S, Start, Len) when is_integer(Start), Start >= 0, (Len =:= infinity orelse (is_integer(Len) andalso Len >= 0)) ->
    Gs = drop(Start, graphemes(chars(S))),
    Taken = case Len of
                infinity -> Gs;
                _ -> take_n(Len, Gs)
            end,
    same(S, ungraph(Taken)).

drop(0, L) -> L;
drop(_, []) -> [];
drop(N, [_ | T]) -> drop(N - 1, T).

take_n(0, _) -> [];
take_n(_, []) -> [];
take_n(N, [H | T]) -> [H | take_n(N - 1, T)].

pad(S, N) -> pad(S, N, trailing).
pad(S, N, Dir) -> pad(S, N, Dir, $\s).
pad(S, N, Dir, Char) when is_integer(N) ->
    Len = string:length(S),
    if
        N =< Len -> [S];
        true ->
            Extra = N - Len,
            case Dir of
                trailing -> [S | lists:duplicate(Extra, Char)];
                leading -> [lists:duplicate(Extra, Char), S];
                both ->
                    Half = lists:duplicate(Extra div 2, Char),
                    case Extra rem 2 of
                        0 -> [Half, S, Half];
                        1 -> [Half, S, Half, Char]
                    end
            end
    end.

-define(WHITESPACE, [$\s, $\t, $\n, $\v, $\f, $\r, [$\r, $\n], 16#85, 16#200E, 16#200F, 16#2028, 16#2029]).

trim(S) -> trim(S, both).
trim(S, Dir) -> trim(S, Dir, ?WHITESPACE).
trim(S, Dir, Seps) ->
    Gs = graphemes(chars(S)),
    Gs1 = case Dir of
              leading -> trim_lead(Gs, Seps);
              trailing -> trim_trail(Gs, Seps);
              both -> trim_trail(trim_lead(Gs, Seps), Seps)
          end,
    same(S, ungraph(Gs1)).

trim_lead([G | T] = Gs, Seps) ->
    case lists:member(G, Seps) of
        true -> trim_lead(T, Seps);
        false -> Gs
    end;
trim_lead([], _) -> [].
trim_trail(Gs, Seps) -> lists:reverse(trim_lead(lists:reverse(Gs, []), Seps), []).

chomp(S) -> trim(S, trailing, [[$\r, $\n], $\n]).

split(S, Pattern) -> split(S, Pattern, leading).
split(S, Pattern, Where) ->
    Cs = chars(S),
    P = chars(Pattern),
    Parts = case P of
                [] -> [Cs];
                _ ->
                    case Where of
                        leading -> split_first(Cs, P);
                        trailing -> split_last(Cs, P);
                        all -> split_all(Cs, P)
                    end
            end,
    [same(S, Part) || Part <- Parts].

split_first(Cs, P) ->
    case search(Cs, P, []) of
        {Before, After} -> [Before, After];
        nomatch -> [Cs]
    end.
split_last(Cs, P) ->
    RP = lists:reverse(P, []),
    case search(lists:reverse(Cs, []), RP, []) of
        {RAfter, RBefore} -> [lists:reverse(RBefore, []), lists:reverse(RAfter, [])];
        nomatch -> [Cs]
    end.
split_all(Cs, P) ->
    case search(Cs, P, []) of
        {Before, After} -> [Before | split_all(After, P)];
        nomatch -> [Cs]
    end.

%% Finds the first occurrence of P in Cs: {CharsBefore, CharsAfter} or nomatch.
search(Cs, P, Acc) ->
    case lists:prefix(P, Cs) of
        true -> {lists:reverse(Acc, []), lists:nthtail(erlang:length(P), Cs)};
        false ->
            case Cs of
                [C | T] -> search(T, P, [C | Acc]);
                [] -> nomatch
            end
    end.

lexemes(S, Seps) ->
    SepList = seps(Seps),
    [same(S, ungraph(L)) || L <- lexemes_1(graphemes(chars(S)), SepList, [], [])].
seps(Seps) when is_list(Seps) -> [case X of L when is_list(L) -> flat(L); _ -> X end || X <- Seps].
lexemes_1([G | T], Seps, Cur, Acc) ->
    case lists:member(G, Seps) of
        true when Cur =:= [] -> lexemes_1(T, Seps, [], Acc);
        true -> lexemes_1(T, Seps, [], [lists:reverse(Cur, []) | Acc]);
        false -> lexemes_1(T, Seps, [G | Cur], Acc)
    end;
lexemes_1([], _Seps, [], Acc) -> lists:reverse(Acc, []);
lexemes_1([], _Seps, Cur, Acc) -> lists:reverse([lists:reverse(Cur, []) | Acc], []).

%% take: the longest leading (or trailing) run of graphemes that are in Chars
%% (not in Chars when Complement), and the rest; each in the argument's shape.
take(S, Chars) -> take(S, Chars, false, leading).
take(S, Chars, Complement) -> take(S, Chars, Complement, leading).
take(S, Chars, Complement, leading) when is_list(Chars), is_boolean(Complement) ->
    {Taken, Rest} = take_run(graphemes(chars(S)), graphemes(chars(Chars)), Complement, []),
    {same(S, ungraph(Taken)), same(S, ungraph(Rest))};
take(S, Chars, Complement, trailing) when is_list(Chars), is_boolean(Complement) ->
    Rev = lists:reverse(graphemes(chars(S)), []),
    {RevTaken, RevRest} = take_run(Rev, graphemes(chars(Chars)), Complement, []),
    {same(S, ungraph(lists:reverse(RevRest, []))),
     same(S, ungraph(lists:reverse(RevTaken, [])))}.

take_run([G | T] = Gs, Set, Complement, Acc) ->
    case lists:member(G, Set) =/= Complement of
        true -> take_run(T, Set, Complement, [G | Acc]);
        false -> {lists:reverse(Acc, []), Gs}
    end;
take_run([], _Set, _Complement, Acc) -> {lists:reverse(Acc, []), []}.

find(S, Pattern) -> find(S, Pattern, leading).
find(S, Pattern, Dir) ->
    Cs = chars(S),
    P = chars(Pattern),
    case {P, Dir} of
        {[], _} -> S;
        {_, leading} ->
            case search(Cs, P, []) of
                nomatch -> nomatch;
                {_, After} -> same(S, P ++ After)
            end;
        {_, trailing} ->
            case search(lists:reverse(Cs, []), lists:reverse(P, []), []) of
                nomatch -> nomatch;
                {RevTail, _} -> same(S, P ++ lists:reverse(RevTail, []))
            end
    end.

replace(S, Pattern, Replacement) -> replace(S, Pattern, Replacement, leading).
replace(S, Pattern, Replacement, Where) ->
    lists:join(Replacement, split(S, Pattern, Where)).

to_integer(S) ->
    Cs = chars(S),
    {Sign, Rest0} = case Cs of
                        [$- | R] -> {-1, R};
                        [$+ | R] -> {1, R};
                        _ -> {1, Cs}
                    end,
    case digits(Rest0, []) of
        {[], _} -> {error, no_integer};
        {Ds, Rest} -> {Sign * list_to_integer(Ds), same(S, Rest)}
    end.

digits([C | T], Acc) when C >= $0, C =< $9 -> digits(T, [C | Acc]);
digits(Rest, Acc) -> {lists:reverse(Acc, []), Rest}.

to_float(S) ->
    Cs = chars(S),
    {SignPart, Rest0} = case Cs of
                            [$- | R] -> {"-", R};
                            [$+ | R] -> {"+", R};
                            _ -> {"", Cs}
                        end,
    case digits(Rest0, []) of
        {[], _} -> {error, no_float};
        {Int, [$. | Rest1]} ->
            case digits(Rest1, []) of
                {[], _} -> {error, no_float};
                {Frac, Rest2} ->
                    {Exp, Rest3} = exponent(Rest2),
                    {list_to_float(SignPart ++ Int ++ "." ++ Frac ++ Exp), same(S, Rest3)}
            end;
        {_, _} -> {error, no_float}
    end.

exponent([E | T] = Rest) when E =:= $e; E =:= $E ->
    {Sign, T1} = case T of
                     [$- | R] -> {"-", R};
                     [$+ | R] -> {"+", R};
                     _ -> {"", T}
                 end,
    case digits(T1, []) of
        {[], _} -> {"", Rest};
        {Ds, T2} -> {[$e | Sign ++ Ds], T2}
    end;
exponent(Rest) -> {"", Rest}.

titlecase(S) ->
    case chars(S) of
        [C | T] -> same(S, string:uppercase([C]) ++ T);
        [] -> S
    end.

casefold(S) -> string:lowercase(S).

next_grapheme(S) ->
    case chars(S) of
        [$\r, $\n | T] -> [[$\r, $\n] | same(S, T)];
        [C | T] -> [C | same(S, T)];
        [] -> []
    end.

next_codepoint(S) ->
    case chars(S) of
        [C | T] -> [C | same(S, T)];
        [] -> []
    end.

prefix(S, Prefix) ->
    P = chars(Prefix),
    Cs = chars(S),
    case lists:prefix(P, Cs) of
        true -> same(S, lists:nthtail(erlang:length(P), Cs));
        false -> nomatch
    end.

jaro_similarity(A, B) ->
    S1 = chars(A),
    S2 = chars(B),
    case {S1, S2} of
        {[], []} -> 1.0;
        {[], _} -> 0.0;
        {_, []} -> 0.0;
        _ -> jaro(S1, S2)
    end.
jaro(S1, S2) ->
    L1 = erlang:length(S1),
    L2 = erlang:length(S2),
    Range = erlang:max(0, erlang:max(L1, L2) div 2 - 1),
    T2 = list_to_tuple(S2),
    {M1, Used} = jaro_match(S1, 1, T2, L2, Range, [], #{}),
    M = erlang:length(M1),
    case M of
        0 -> 0.0;
        _ ->
            M2 = [element(J, T2) || J <- lists:sort(maps:keys(Used))],
            Trans = erlang:length([x || {X, Y} <- lists:zip(M1, M2), X =/= Y]) div 2,
            (M / L1 + M / L2 + (M - Trans) / M) / 3
    end.
jaro_match([C | T], I, T2, L2, Range, Acc, Used) ->
    Lo = erlang:max(1, I - Range),
    Hi = erlang:min(L2, I + Range),
    case first_free(C, Lo, Hi, T2, Used) of
        none -> jaro_match(T, I + 1, T2, L2, Range, Acc, Used);
        J -> jaro_match(T, I + 1, T2, L2, Range, [C | Acc], Used#{J => true})
    end;
jaro_match([], _, _, _, _, Acc, Used) -> {lists:reverse(Acc, []), Used}.
first_free(_C, Lo, Hi, _T2, _Used) when Lo > Hi -> none;
first_free(C, Lo, Hi, T2, Used) ->
    case element(Lo, T2) =:= C andalso not is_map_key(Lo, Used) of
        true -> Lo;
        false -> first_free(C, Lo + 1, Hi, T2, Used)
    end.

%% ---- the older list-only API ----

len(S) -> erlang:length(S).

concat(S1, S2) -> S1 ++ S2.

chr(S, C) when is_integer(C) -> chr(S, C, 1).
chr([C | _], C, I) -> I;
chr([_ | Cs], C, I) -> chr(Cs, C, I + 1);
chr([], _C, _I) -> 0.

rchr(S, C) when is_integer(C) -> rchr(S, C, 1, 0).
rchr([C | Cs], C, I, _L) -> rchr(Cs, C, I + 1, I);
rchr([_ | Cs], C, I, L) -> rchr(Cs, C, I + 1, L);
rchr([], _C, _I, L) -> L.

str(S, Sub) when is_list(Sub) -> str(S, Sub, 1).
str([C | S], [C | Sub], I) ->
    case lists:prefix(Sub, S) of
        true -> I;
        false -> str(S, [C | Sub], I + 1)
    end;
str([_ | S], Sub, I) -> str(S, Sub, I + 1);
str([], _Sub, _I) -> 0.

rstr(S, Sub) when is_list(Sub) -> rstr(S, Sub, 1, 0).
rstr([C | S], [C | Sub], I, L) ->
    case lists:prefix(Sub, S) of
        true -> rstr(S, [C | Sub], I + 1, I);
        false -> rstr(S, [C | Sub], I + 1, L)
    end;
rstr([_ | S], Sub, I, L) -> rstr(S, Sub, I + 1, L);
rstr([], _Sub, _I, L) -> L.

span(S, Cs) when is_list(Cs) -> span(S, Cs, 0).
span([C | S], Cs, I) ->
    case lists:member(C, Cs) of
        true -> span(S, Cs, I + 1);
        false -> I
    end;
span([], _Cs, I) -> I.

cspan(S, Cs) when is_list(Cs) -> cspan(S, Cs, 0).
cspan([C | S], Cs, I) ->
    case lists:member(C, Cs) of
        true -> I;
        false -> cspan(S, Cs, I + 1)
    end;
cspan([], _Cs, I) -> I.

substr(String, 1) when is_list(String) -> String;
substr(String, S) when is_integer(S), S > 1 -> substr2(String, S).
substr(String, S, L) when is_integer(S), S >= 1, is_integer(L), L >= 0 ->
    substr1(substr2(String, S), L).
substr1([C | String], L) when L > 0 -> [C | substr1(String, L - 1)];
substr1(String, _L) when is_list(String) -> [].
substr2(String, 1) when is_list(String) -> String;
substr2([_ | String], S) -> substr2(String, S - 1).

sub_string(String, Start) -> substr(String, Start).
sub_string(String, Start, Stop) -> substr(String, Start, Stop - Start + 1).

tokens(S, Seps) ->
    case Seps of
        [] ->
            case S of
                [] -> [];
                [_ | _] -> [S]
            end;
        [C] -> tokens_single(lists:reverse(S, []), C, []);
        [_ | _] -> tokens_multi(lists:reverse(S, []), Seps, [])
    end.
tokens_single([C | S], C, Toks) -> tokens_single(S, C, Toks);
tokens_single([C | S], Sep, Toks) -> tokens_single_2(S, Sep, Toks, [C]);
tokens_single([], _, Toks) -> Toks.
tokens_single_2([C | S], C, Toks, Tok) -> tokens_single(S, C, [Tok | Toks]);
tokens_single_2([C | S], Sep, Toks, Tok) -> tokens_single_2(S, Sep, Toks, [C | Tok]);
tokens_single_2([], _Sep, Toks, Tok) -> [Tok | Toks].
tokens_multi([C | S], Seps, Toks) ->
    case lists:member(C, Seps) of
        true -> tokens_multi(S, Seps, Toks);
        false -> tokens_multi_2(S, Seps, Toks, [C])
    end;
tokens_multi([], _Seps, Toks) -> Toks.
tokens_multi_2([C | S], Seps, Toks, Tok) ->
    case lists:member(C, Seps) of
        true -> tokens_multi(S, Seps, [Tok | Toks]);
        false -> tokens_multi_2(S, Seps, Toks, [C | Tok])
    end;
tokens_multi_2([], _Seps, Toks, Tok) -> [Tok | Toks].

join([], Sep) when is_list(Sep) -> [];
join([H | T], Sep) -> H ++ lists:append([Sep ++ X || X <- T]).

copies(CharList, Num) when is_list(CharList), is_integer(Num), Num >= 0 -> copies(CharList, Num, []).
copies(_CharList, 0, R) -> R;
copies(CharList, Num, R) -> copies(CharList, Num - 1, CharList ++ R).

words(String) -> words(String, $\s).
words(String, Char) when is_integer(Char) -> w_count(strip(String, both, Char), Char, 0).
w_count([], _, Num) -> Num + 1;
w_count([H | T], H, Num) -> w_count(strip(T, left, H), H, Num + 1);
w_count([_H | T], Char, Num) -> w_count(T, Char, Num).

sub_word(String, Index) -> sub_word(String, Index, $\s).
sub_word(String, Index, Char) when is_integer(Index), is_integer(Char) ->
    case words(String, Char) of
        Num when Num < Index -> [];
        _Num -> s_word(strip(String, left, Char), Index, Char, 1, [])
    end.
s_word([], _, _, _, Res) -> lists:reverse(Res, []);
s_word([Char | _], Index, Char, Index, Res) -> lists:reverse(Res, []);
s_word([H | T], Index, Char, Index, Res) -> s_word(T, Index, Char, Index, [H | Res]);
s_word([Char | T], Stop, Char, Index, Res) when Index < Stop ->
    s_word(strip(T, left, Char), Stop, Char, Index + 1, Res);
s_word([_ | T], Stop, Char, Index, Res) when Index < Stop -> s_word(T, Stop, Char, Index, Res).

strip(String) -> strip(String, both).
strip(String, left) -> strip_left(String, $\s);
strip(String, right) -> strip_right(String, $\s);
strip(String, both) -> strip_right(strip_left(String, $\s), $\s).
strip(String, right, Char) -> strip_right(String, Char);
strip(String, left, Char) -> strip_left(String, Char);
strip(String, both, Char) -> strip_right(strip_left(String, Char), Char).
strip_left([Sc | S], Sc) -> strip_left(S, Sc);
strip_left([_ | _] = S, Sc) when is_integer(Sc) -> S;
strip_left([], Sc) when is_integer(Sc) -> [].
strip_right([Sc | S], Sc) ->
    case strip_right(S, Sc) of
        [] -> [];
        T -> [Sc | T]
    end;
strip_right([C | S], Sc) -> [C | strip_right(S, Sc)];
strip_right([], Sc) when is_integer(Sc) -> [].

left(String, Len) when is_integer(Len) -> left(String, Len, $\s).
left(String, Len, Char) when is_integer(Char) ->
    Slen = erlang:length(String),
    if
        Slen > Len -> substr(String, 1, Len);
        Slen < Len -> l_pad(String, Len - Slen, Char);
        Slen =:= Len -> String
    end.
l_pad(String, Num, Char) -> String ++ lists:duplicate(Num, Char).

right(String, Len) when is_integer(Len) -> right(String, Len, $\s).
right(String, Len, Char) when is_integer(Char) ->
    Slen = erlang:length(String),
    if
        Slen > Len -> substr(String, Slen - Len + 1);
        Slen < Len -> lists:duplicate(Len - Slen, Char) ++ String;
        Slen =:= Len -> String
    end.

centre(String, Len) when is_integer(Len) -> centre(String, Len, $\s).
centre(String, 0, Char) when is_list(String), is_integer(Char) -> [];
centre(String, Len, Char) when is_integer(Char) ->
    Slen = erlang:length(String),
    if
        Slen > Len -> substr(String, (Slen - Len) div 2 + 1, Len);
        Slen < Len ->
            N = (Len - Slen) div 2,
            r_pad(l_pad(String, Len - (Slen + N), Char), N, Char);
        Slen =:= Len -> String
    end.
r_pad(String, Num, Char) -> lists:duplicate(Num, Char) ++ String.
