%% file: the functions of module file written in Erlang; the others are native
%% (stdlib/src/bif_file.cpp) and take precedence over this module's exports.
%%
%% consult/1 reads a file of Erlang terms, each ended by a dot, with its own small
%% reader (atoms, numbers with base# and $c, strings, binaries of integers and
%% strings, tuples, lists, maps; % comments). A syntax error answers
%% {error, {Line, erl_parse, ["syntax error before: ", Token]}} as erl does; the
%% token text may be spelled differently from erl's in corner cases.
-module(file).

-export([consult/1]).

consult(Name) ->
    case file:read_file(Name) of
        {ok, Bin} ->
            Text =
                case unicode:characters_to_list(Bin) of
                    L when is_list(L) -> L;
                    _ -> binary_to_list(Bin)
                end,
            case scan(Text, 1, []) of
                {ok, Tokens} -> parse_all(Tokens, []);
                {error, _} = E -> E
            end;
        {error, _} = E -> E
    end.

%% ---- scanner: {Kind, Line, Value} tokens, punctuation as {Char, Line} ----

scan([], _, Acc) -> {ok, lists:reverse(Acc)};
scan([$\n | T], L, Acc) -> scan(T, L + 1, Acc);
scan([C | T], L, Acc) when C =:= $\s; C =:= $\t; C =:= $\r; C =:= $\f -> scan(T, L, Acc);
scan([$% | T], L, Acc) -> scan(lists:dropwhile(fun(C) -> C =/= $\n end, T), L, Acc);
scan([$., C | T], L, Acc) when C =:= $\s; C =:= $\t; C =:= $\n; C =:= $\r; C =:= $% ->
    scan([C | T], L, [{dot, L} | Acc]);
scan([$.], L, Acc) -> scan([], L, [{dot, L} | Acc]);
scan([$<, $< | T], L, Acc) -> scan(T, L, [{'<<', L} | Acc]);
scan([$>, $> | T], L, Acc) -> scan(T, L, [{'>>', L} | Acc]);
scan([$=, $> | T], L, Acc) -> scan(T, L, [{'=>', L} | Acc]);
scan([$#, ${ | T], L, Acc) -> scan(T, L, [{'#{', L} | Acc]);
scan([C | T], L, Acc) when C =:= ${; C =:= $}; C =:= $[; C =:= $]; C =:= $,; C =:= $|;
                            C =:= $-; C =:= $+; C =:= $/; C =:= $: ->
    scan(T, L, [{list_to_atom([C]), L} | Acc]);
scan([$" | T], L, Acc) ->
    case quoted(T, $", L, []) of
        {ok, S, Rest, L1} -> scan(Rest, L1, [{string, L, S} | Acc]);
        error -> {error, {L, erl_scan, {string, $", T}}}
    end;
scan([$' | T], L, Acc) ->
    case quoted(T, $', L, []) of
        {ok, S, Rest, L1} -> scan(Rest, L1, [{atom, L, list_to_atom(S)} | Acc]);
        error -> {error, {L, erl_scan, {string, $', T}}}
    end;
scan([$$, $\\ | T], L, Acc) ->
    {C, Rest} = escape(T),
    scan(Rest, L, [{integer, L, C} | Acc]);
scan([$$, C | T], L, Acc) -> scan(T, L, [{integer, L, C} | Acc]);
scan([C | _] = S, L, Acc) when C >= $0, C =< $9 ->
    {Tok, Rest} = number(S, L),
    scan(Rest, L, [Tok | Acc]);
scan([C | _] = S, L, Acc) when C >= $a, C =< $z ->
    {Name, Rest} = lists:splitwith(fun name_char/1, S),
    scan(Rest, L, [{atom, L, list_to_atom(Name)} | Acc]);
scan([C | _] = S, L, Acc) when (C >= $A andalso C =< $Z) orelse C =:= $_ ->
    {Name, Rest} = lists:splitwith(fun name_char/1, S),
    scan(Rest, L, [{var, L, list_to_atom(Name)} | Acc]);
scan([C | _], L, _) -> {error, {L, erl_scan, {illegal, [C]}}}.

name_char(C) ->
    (C >= $a andalso C =< $z) orelse (C >= $A andalso C =< $Z) orelse
        (C >= $0 andalso C =< $9) orelse C =:= $_ orelse C =:= $@.

quoted([Q | T], Q, L, Acc) -> {ok, lists:reverse(Acc), T, L};
quoted([$\\ | T], Q, L, Acc) ->
    {C, Rest} = escape(T),
    quoted(Rest, Q, L, [C | Acc]);
quoted([$\n | T], Q, L, Acc) -> quoted(T, Q, L + 1, [$\n | Acc]);
quoted([C | T], Q, L, Acc) -> quoted(T, Q, L, [C | Acc]);
quoted([], _, _, _) -> error.

escape([$n | T]) -> {$\n, T};
escape([$t | T]) -> {$\t, T};
escape([$r | T]) -> {$\r, T};
escape([$s | T]) -> {$\s, T};
escape([$e | T]) -> {27, T};
escape([$b | T]) -> {$\b, T};
escape([$f | T]) -> {$\f, T};
escape([$v | T]) -> {$\v, T};
escape([$d | T]) -> {127, T};
escape([$0 | _] = T) -> octal(T, 0, 0);
escape([C | _] = T) when C >= $1, C =< $7 -> octal(T, 0, 0);
escape([$x, ${ | T]) ->
    {Hex, [$} | Rest]} = lists:splitwith(fun(C) -> C =/= $} end, T),
    {list_to_integer(Hex, 16), Rest};
escape([$x, A, B | T]) -> {list_to_integer([A, B], 16), T};
escape([$^, C | T]) -> {C band 31, T};
escape([C | T]) -> {C, T}.

octal([C | T], V, N) when N < 3, C >= $0, C =< $7 -> octal(T, V * 8 + C - $0, N + 1);
octal(T, V, _) -> {V, T}.

number(S, L) ->
    {Digits, Rest} = lists:splitwith(fun(C) -> (C >= $0 andalso C =< $9) orelse C =:= $_ end, S),
    Int = [C || C <- Digits, C =/= $_],
    case Rest of
        [$#, C | _] when (C >= $0 andalso C =< $9) orelse (C >= $a andalso C =< $z) orelse
                         (C >= $A andalso C =< $Z) ->
            {BDigits, Rest1} = lists:splitwith(fun name_char/1, tl(Rest)),
            {{integer, L, list_to_integer(BDigits, list_to_integer(Int))}, Rest1};
        [$., D | _] when D >= $0, D =< $9 ->
            {Frac, Rest1} = lists:splitwith(fun(C) -> C >= $0 andalso C =< $9 end, tl(Rest)),
            {Exp, Rest2} = exponent(Rest1),
            {{float, L, list_to_float(Int ++ "." ++ Frac ++ Exp)}, Rest2};
        _ -> {{integer, L, list_to_integer(Int)}, Rest}
    end.

exponent([E | T]) when E =:= $e; E =:= $E ->
    {Sign, T1} =
        case T of
            [S | R] when S =:= $-; S =:= $+ -> {[S], R};
            _ -> {[], T}
        end,
    {Ds, Rest} = lists:splitwith(fun(C) -> C >= $0 andalso C =< $9 end, T1),
    {"e" ++ Sign ++ Ds, Rest};
exponent(T) -> {[], T}.

%% ---- parser ----

parse_all([], Acc) -> {ok, lists:reverse(Acc)};
parse_all(Tokens, Acc) ->
    try term(Tokens) of
        {T, [{dot, _} | Rest]} -> parse_all(Rest, [T | Acc]);
        {_, [Tok | _]} -> syntax_error(Tok);
        {_, []} -> {error, {last_line(Tokens), erl_parse, ["syntax error before: ", []]}}
    catch
        throw:{syntax, Tok} -> syntax_error(Tok)
    end.

syntax_error(eof) -> {error, {1, erl_parse, ["syntax error before: ", []]}};
syntax_error(Tok) ->
    {error, {element(2, Tok), erl_parse, ["syntax error before: ", token_text(Tok)]}}.

last_line(Tokens) -> element(2, lists:last(Tokens)).

token_text({atom, _, A}) -> io_lib:write_atom(A);
token_text({integer, _, I}) -> integer_to_list(I);
token_text({float, _, F}) -> io_lib:write(F);
token_text({string, _, S}) -> io_lib:write_string(S);
token_text({var, _, V}) -> atom_to_list(V);
token_text({dot, _}) -> "'.'";
token_text({P, _}) -> "'" ++ atom_to_list(P) ++ "'".

term([{atom, _, A} | T]) -> {A, T};
term([{integer, _, I} | T]) -> {I, T};
term([{float, _, F} | T]) -> {F, T};
term([{'-', _}, {integer, _, I} | T]) -> {-I, T};
term([{'-', _}, {float, _, F} | T]) -> {-F, T};
term([{'+', _}, {integer, _, I} | T]) -> {I, T};
term([{'+', _}, {float, _, F} | T]) -> {F, T};
term([{string, _, S} | T]) -> strings(T, S);
term([{'{', _}, {'}', _} | T]) -> {{}, T};
term([{'{', _} | T]) ->
    {Es, T1} = elements(T, '}'),
    {list_to_tuple(Es), T1};
term([{'[', _}, {']', _} | T]) -> {[], T};
term([{'[', _} | T]) -> list_tail(T);
term([{'<<', _}, {'>>', _} | T]) -> {<<>>, T};
term([{'<<', _} | T]) -> binary(T, []);
term([{'#{', _}, {'}', _} | T]) -> {#{}, T};
term([{'#{', _} | T]) -> map_pairs(T, #{});
term([Tok | _]) -> throw({syntax, Tok});
term([]) -> throw({syntax, eof}).

strings([{string, _, S} | T], Acc) -> strings(T, Acc ++ S);
strings(T, Acc) -> {Acc, T}.

elements(T, Close) ->
    {E, T1} = term(T),
    case T1 of
        [{',', _} | T2] ->
            {Es, T3} = elements(T2, Close),
            {[E | Es], T3};
        [{Close, _} | T2] -> {[E], T2};
        [Tok | _] -> throw({syntax, Tok});
        [] -> throw({syntax, eof})
    end.

list_tail(T) ->
    {E, T1} = term(T),
    case T1 of
        [{',', _} | T2] ->
            {Es, T3} = list_tail(T2),
            {[E | Es], T3};
        [{'|', _} | T2] ->
            case term(T2) of
                {Tail, [{']', _} | T3]} -> {[E | Tail], T3};
                {_, [Tok | _]} -> throw({syntax, Tok});
                {_, []} -> throw({syntax, eof})
            end;
        [{']', _} | T2] -> {[E], T2};
        [Tok | _] -> throw({syntax, Tok});
        [] -> throw({syntax, eof})
    end.

binary(T, Acc) ->
    {Bytes, T1} =
        case T of
            [{string, _, S} | R] -> {list_to_binary(S), R};
            [{integer, _, I} | R] -> {<<I>>, R};
            [Tok | _] -> throw({syntax, Tok});
            [] -> throw({syntax, eof})
        end,
    case T1 of
        [{',', _} | T2] -> binary(T2, [Bytes | Acc]);
        [{'>>', _} | T2] -> {list_to_binary(lists:reverse([Bytes | Acc])), T2};
        [Tok2 | _] -> throw({syntax, Tok2});
        [] -> throw({syntax, eof})
    end.

map_pairs(T, Acc) ->
    {K, T1} = term(T),
    T2 =
        case T1 of
            [{'=>', _} | R] -> R;
            [Tok | _] -> throw({syntax, Tok});
            [] -> throw({syntax, eof})
        end,
    {V, T3} = term(T2),
    case T3 of
        [{',', _} | T4] -> map_pairs(T4, Acc#{K => V});
        [{'}', _} | T4] -> {Acc#{K => V}, T4};
        [Tok2 | _] -> throw({syntax, Tok2});
        [] -> throw({syntax, eof})
    end.
