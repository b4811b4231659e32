%% binary: byte-oriented operations on binaries (OTP's binary module API), written
%% over bit syntax. Patterns are plain binaries or lists of them (no precompiled
%% pattern objects: compile_pattern/1 returns its argument). Bad arguments raise
%% badarg as OTP does, never a function_clause or badmatch from inside.
-module(binary).

-export([part/2, part/3, copy/1, copy/2, first/1, last/1, at/2, bin_to_list/1,
         bin_to_list/2, bin_to_list/3, list_to_bin/1, split/2, split/3, match/2, match/3,
         matches/2, matches/3, replace/3, replace/4, decode_unsigned/1,
         decode_unsigned/2, encode_unsigned/1, encode_unsigned/2,
         longest_common_prefix/1, longest_common_suffix/1, referenced_byte_size/1,
         compile_pattern/1, encode_hex/1, encode_hex/2, decode_hex/1]).

part(B, {Pos, Len}) -> part(B, Pos, Len);
part(B, P) -> erlang:error(badarg, [B, P]).

part(B, Pos, Len) when is_binary(B), is_integer(Pos), is_integer(Len) ->
    {Start, N} = if Len < 0 -> {Pos + Len, -Len}; true -> {Pos, Len} end,
    case Start >= 0 andalso Start + N =< byte_size(B) of
        true ->
            <<_:Start/binary, Part:N/binary, _/binary>> = B,
            Part;
        false -> erlang:error(badarg, [B, Pos, Len])
    end;
part(B, Pos, Len) -> erlang:error(badarg, [B, Pos, Len]).

copy(B) -> copy(B, 1).
copy(B, N) when is_binary(B), is_integer(N), N >= 0 -> copy_n(B, N, <<>>);
copy(B, N) -> erlang:error(badarg, [B, N]).
copy_n(_B, 0, Acc) -> Acc;
copy_n(B, N, Acc) -> copy_n(B, N - 1, <<Acc/binary, B/binary>>).

first(<<X, _/binary>>) -> X;
first(B) -> erlang:error(badarg, [B]).

last(B) when is_binary(B), byte_size(B) > 0 -> at(B, byte_size(B) - 1);
last(B) -> erlang:error(badarg, [B]).

at(B, Pos) when is_binary(B), is_integer(Pos), Pos >= 0, Pos < byte_size(B) ->
    <<_:Pos/binary, X, _/binary>> = B,
    X;
at(B, Pos) -> erlang:error(badarg, [B, Pos]).

bin_to_list(B) when is_binary(B) -> binary_to_list(B);
bin_to_list(B) -> erlang:error(badarg, [B]).
bin_to_list(B, {Pos, Len}) -> bin_to_list(B, Pos, Len);
bin_to_list(B, P) -> erlang:error(badarg, [B, P]).
bin_to_list(B, Pos, Len) -> binary_to_list(part(B, Pos, Len)).

list_to_bin(L) when is_list(L) -> list_to_binary(L);
list_to_bin(L) -> erlang:error(badarg, [L]).

compile_pattern(P) ->
    case patterns(P) of
        {ok, _} -> P;
        error -> erlang:error(badarg, [P])
    end.

referenced_byte_size(B) when is_binary(B) -> byte_size(B);
referenced_byte_size(B) -> erlang:error(badarg, [B]).

%% ---- searching ----

%% The patterns as a non-empty list of non-empty binaries.
patterns(P) when is_binary(P), P =/= <<>> -> {ok, [P]};
patterns([_ | _] = Ps) ->
    case lists:all(fun(X) -> is_binary(X) andalso X =/= <<>> end, Ps) of
        true -> {ok, Ps};
        false -> error
    end;
patterns(_) -> error.

%% The search window {Start, End} from the scope option (default: the whole binary).
scope(B, Opts) ->
    case [S || {scope, S} <- Opts] of
        [] -> {ok, 0, byte_size(B)};
        [{Pos, Len} | _] when is_integer(Pos), is_integer(Len) ->
            {S, N} = if Len < 0 -> {Pos + Len, -Len}; true -> {Pos, Len} end,
            case S >= 0 andalso S + N =< byte_size(B) of
                true -> {ok, S, S + N};
                false -> error
            end;
        _ -> error
    end.

%% The first match at or after From that ends by End: {Pos, Len} or nomatch. Of
%% matches starting at the same place the longest wins, as in OTP.
find(B, Ps, From, End) when From < End ->
    case longest_at(B, Ps, From, End, 0) of
        0 -> find(B, Ps, From + 1, End);
        L -> {From, L}
    end;
find(_B, _Ps, _From, _End) -> nomatch.

longest_at(_B, [], _At, _End, Best) -> Best;
longest_at(B, [P | Ps], At, End, Best) ->
    L = byte_size(P),
    Fits = At + L =< End andalso L > Best andalso begin
               <<_:At/binary, Q:L/binary, _/binary>> = B,
               Q =:= P
           end,
    longest_at(B, Ps, At, End, if Fits -> L; true -> Best end).

all_matches(B, Ps, From, End) ->
    case find(B, Ps, From, End) of
        nomatch -> [];
        {Pos, Len} = M -> [M | all_matches(B, Ps, Pos + Len, End)]
    end.

search_args(B, P, Opts) when is_binary(B), is_list(Opts) ->
    case {patterns(P), scope(B, Opts)} of
        {{ok, Ps}, {ok, S, E}} -> {ok, Ps, S, E};
        _ -> error
    end;
search_args(_B, _P, _Opts) -> error.

match(B, P) -> match(B, P, []).
match(B, P, Opts) ->
    case search_args(B, P, Opts) of
        {ok, Ps, S, E} -> find(B, Ps, S, E);
        error -> erlang:error(badarg, [B, P, Opts])
    end.

matches(B, P) -> matches(B, P, []).
matches(B, P, Opts) ->
    case search_args(B, P, Opts) of
        {ok, Ps, S, E} -> all_matches(B, Ps, S, E);
        error -> erlang:error(badarg, [B, P, Opts])
    end.

split(B, P) -> split(B, P, []).
split(B, P, Opts) ->
    case search_args(B, P, Opts) of
        {ok, Ps, S, E} ->
            Ms = case lists:member(global, Opts) of
                     true -> all_matches(B, Ps, S, E);
                     false ->
                         case find(B, Ps, S, E) of
                             nomatch -> [];
                             M -> [M]
                         end
                 end,
            Parts = cut(B, 0, Ms),
            case lists:member(trim_all, Opts) of
                true -> [X || X <- Parts, X =/= <<>>];
                false ->
                    case lists:member(trim, Opts) of
                        true -> trim_tail(Parts);
                        false -> Parts
                    end
            end;
        error -> erlang:error(badarg, [B, P, Opts])
    end.

cut(B, From, []) -> [part(B, From, byte_size(B) - From)];
cut(B, From, [{Pos, Len} | Ms]) -> [part(B, From, Pos - From) | cut(B, Pos + Len, Ms)].

trim_tail(Parts) -> lists:reverse(lists:dropwhile(fun(X) -> X =:= <<>> end,
                                                  lists:reverse(Parts))).

replace(B, P, R) -> replace(B, P, R, []).
replace(B, P, R, Opts) when is_binary(R) ->
    case search_args(B, P, Opts) of
        {ok, Ps, S, E} ->
            Ms = case lists:member(global, Opts) of
                     true -> all_matches(B, Ps, S, E);
                     false ->
                         case find(B, Ps, S, E) of
                             nomatch -> [];
                             M -> [M]
                         end
                 end,
            Ins = [I || {insert_replaced, I} <- Opts],
            splice(B, 0, Ms, R, Ins, <<>>);
        error -> erlang:error(badarg, [B, P, R, Opts])
    end;
replace(B, P, R, Opts) -> erlang:error(badarg, [B, P, R, Opts]).

splice(B, From, [], _R, _Ins, Acc) ->
    Rest = part(B, From, byte_size(B) - From),
    <<Acc/binary, Rest/binary>>;
splice(B, From, [{Pos, Len} | Ms], R, Ins, Acc) ->
    Before = part(B, From, Pos - From),
    Matched = part(B, Pos, Len),
    With = replacement(R, Ins, Matched),
    splice(B, Pos + Len, Ms, R, Ins, <<Acc/binary, Before/binary, With/binary>>).

replacement(R, [], _Matched) -> R;
replacement(R, [I | _], Matched) ->
    Positions = lists:sort(if is_integer(I) -> [I]; true -> I end),
    insert_at(R, 0, Positions, Matched, <<>>).

insert_at(R, From, [], _M, Acc) ->
    Rest = part(R, From, byte_size(R) - From),
    <<Acc/binary, Rest/binary>>;
insert_at(R, From, [P | Ps], M, Acc) ->
    Piece = part(R, From, P - From),
    insert_at(R, P, Ps, M, <<Acc/binary, Piece/binary, M/binary>>).

%% ---- numbers and prefixes ----

decode_unsigned(B) -> decode_unsigned(B, big).
decode_unsigned(B, big) when is_binary(B) ->
    S = bit_size(B),
    <<N:S/unsigned-big>> = B,
    N;
decode_unsigned(B, little) when is_binary(B) ->
    S = bit_size(B),
    <<N:S/unsigned-little>> = B,
    N;
decode_unsigned(B, E) -> erlang:error(badarg, [B, E]).

encode_unsigned(N) -> encode_unsigned(N, big).
encode_unsigned(N, big) when is_integer(N), N >= 0 -> list_to_binary(bytes_of(N, []));
encode_unsigned(N, little) when is_integer(N), N >= 0 ->
    list_to_binary(lists:reverse(bytes_of(N, [])));
encode_unsigned(N, E) -> erlang:error(badarg, [N, E]).

bytes_of(N, Acc) when N < 256 -> [N | Acc];
bytes_of(N, Acc) -> bytes_of(N bsr 8, [N band 255 | Acc]).

longest_common_prefix([_ | _] = Bs) ->
    case lists:all(fun is_binary/1, Bs) of
        true -> common(Bs, 0, fun(B, I) -> binary:at(B, I) end);
        false -> erlang:error(badarg, [Bs])
    end;
longest_common_prefix(Bs) -> erlang:error(badarg, [Bs]).

longest_common_suffix([_ | _] = Bs) ->
    case lists:all(fun is_binary/1, Bs) of
        true -> common(Bs, 0, fun(B, I) -> binary:at(B, byte_size(B) - 1 - I) end);
        false -> erlang:error(badarg, [Bs])
    end;
longest_common_suffix(Bs) -> erlang:error(badarg, [Bs]).

common(Bs, I, ByteAt) ->
    case lists:all(fun(B) -> byte_size(B) > I end, Bs) of
        false -> I;
        true ->
            [C | Cs] = [ByteAt(B, I) || B <- Bs],
            case lists:all(fun(X) -> X =:= C end, Cs) of
                true -> common(Bs, I + 1, ByteAt);
                false -> I
            end
    end.

%% ---- hex ----

encode_hex(B) -> encode_hex(B, uppercase).
encode_hex(B, Case) when is_binary(B), (Case =:= uppercase orelse Case =:= lowercase) ->
    << <<(hex_digit(X bsr 4, Case)), (hex_digit(X band 15, Case))>> || <<X>> <= B >>;
encode_hex(B, Case) -> erlang:error(badarg, [B, Case]).

hex_digit(D, _) when D < 10 -> $0 + D;
hex_digit(D, uppercase) -> $A + D - 10;
hex_digit(D, lowercase) -> $a + D - 10.

decode_hex(B) when is_binary(B), byte_size(B) rem 2 =:= 0 ->
    try << <<(hex_value(H) * 16 + hex_value(L))>> || <<H, L>> <= B >>
    catch error:_ -> erlang:error(badarg, [B])
    end;
decode_hex(B) -> erlang:error(badarg, [B]).

hex_value(C) when C >= $0, C =< $9 -> C - $0;
hex_value(C) when C >= $a, C =< $f -> C - $a + 10;
hex_value(C) when C >= $A, C =< $F -> C - $A + 10.
