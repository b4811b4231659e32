%% filename: Unix file name manipulation, pure text work. A name is a string, an
%% atom, a deep list of characters and atoms, or a binary; results are strings,
%% or binaries when the argument (for join: any component) is a binary, as in the
%% documented module.
-module(filename).

-export([join/1, join/2, split/1, basename/1, basename/2, dirname/1, extension/1,
         rootname/1, rootname/2, absname/1, absname/2, flatten/1, pathtype/1,
         nativename/1]).

%% ---- names as flat strings, and back ----

flatten(Name) when is_binary(Name) -> Name;
flatten(Name) -> flat(Name).

flat(A) when is_atom(A) -> atom_to_list(A);
flat(L) when is_list(L) -> flat_list(L, []).

flat_list([H | T], Tail) when is_integer(H) -> [H | flat_list(T, Tail)];
flat_list([H | T], Tail) when is_atom(H) -> atom_to_list(H) ++ flat_list(T, Tail);
flat_list([H | T], Tail) when is_list(H) -> flat_list(H, flat_list(T, Tail));
flat_list([], Tail) -> Tail.

%% The name as a string, and whether results must be binaries.
text(Name) when is_binary(Name) -> {binary_to_list(Name), true};
text(Name) -> {flat(Name), false}.

back(S, true) -> list_to_binary(S);
back(S, false) -> S.

%% ---- join ----

join([Name]) ->
    {S, B} = text(Name),
    back(normalize(S), B);
join([Name1, Name2 | Rest]) -> join([join(Name1, Name2) | Rest]).

join(Name1, Name2) ->
    {S1, B1} = text(Name1),
    {S2, B2} = text(Name2),
    Joined =
        case S2 of
            [$/ | _] -> normalize(S2);
            _ -> normalize(S1 ++ "/" ++ S2)
        end,
    back(Joined, B1 orelse B2).

%% Runs of slashes become one, and a trailing slash goes (except for "/" itself).
normalize([$/ | Rest]) -> [$/ | squeeze(skip_slashes(Rest))];
normalize(S) -> squeeze(S).

squeeze([$/ | Rest]) ->
    case skip_slashes(Rest) of
        [] -> [];
        R -> [$/ | squeeze(R)]
    end;
squeeze([C | Rest]) -> [C | squeeze(Rest)];
squeeze([]) -> [].

skip_slashes([$/ | Rest]) -> skip_slashes(Rest);
skip_slashes(S) -> S.

%% ---- split ----

split(Name) ->
    {S, B} = text(Name),
    Parts =
        case S of
            [$/ | Rest] -> ["/" | components(Rest)];
            _ -> components(S)
        end,
    [back(P, B) || P <- Parts].

components(S) -> [C || C <- string:split(S, "/", all), C =/= []].

%% ---- basename, dirname, extension, rootname ----

basename(Name) ->
    {S, B} = text(Name),
    back(base(S, B), B).

%% What follows the last slash, once one trailing slash is dropped (for a binary
%% name: every trailing slash, as erl does).
base(S, false) -> last_component_raw(drop_one_slash(S));
base(S, true) -> last_component_raw(trim_trailing(S)).

drop_one_slash(S) ->
    case lists:reverse(S) of
        [$/ | Rev] -> lists:reverse(Rev);
        _ -> S
    end.

%% The extension is only removed from a name without a trailing slash.
basename(Name, Ext) ->
    {S, B} = text(Name),
    {E, _} = text(Ext),
    case lists:suffix("/", S) of
        true -> back(base(S, B), B);
        false -> back(drop_suffix(base(S, B), E), B)
    end.

drop_suffix(S, Suffix) ->
    case lists:suffix(Suffix, S) of
        true when Suffix =/= [] -> lists:sublist(S, length(S) - length(Suffix));
        _ -> S
    end.

dirname(Name) ->
    {S, B} = text(Name),
    back(dir(S), B).

%% What precedes the last slash, without its trailing slashes; "/" when that is
%% nothing, "." for a name without a slash.
dir(S) ->
    case string:split(S, "/", trailing) of
        [_] -> ".";
        [Before, _] ->
            case trim_trailing(Before) of
                [] -> "/";
                D -> D
            end
    end.

trim_trailing(S) ->
    lists:reverse(skip_slashes(lists:reverse(S))).

extension(Name) ->
    {S, B} = text(Name),
    back(ext(S), B).

%% The last ".xxx" of the last component; none for a name starting with its only dot.
ext(S) ->
    Base = last_component_raw(S),
    case string:split(Base, ".", trailing) of
        [[], _] -> [];
        [_, E] -> [$. | E];
        [_] -> []
    end.

last_component_raw(S) ->
    case string:split(S, "/", trailing) of
        [_, Last] -> Last;
        [Last] -> Last
    end.

%% Drops the last ".xxx" of the last component, unless the dot follows a slash
%% (a leading dot of the whole name is dropped too, as erl does).
rootname(Name) ->
    {S, B} = text(Name),
    Base = last_component_raw(S),
    Root =
        case string:split(Base, ".", trailing) of
            [[], _] when length(Base) < length(S) -> S;
            [_, E] -> lists:sublist(S, length(S) - length(E) - 1);
            [_] -> S
        end,
    back(Root, B).

rootname(Name, Ext) ->
    {S, B} = text(Name),
    {E, _} = text(Ext),
    back(drop_suffix(S, E), B).

%% ---- absolute names ----

pathtype(Name) ->
    case text(Name) of
        {[$/ | _], _} -> absolute;
        _ -> relative
    end.

absname(Name) ->
    case file:get_cwd() of
        {ok, Cwd} -> absname(Name, Cwd);
        {error, _} -> absname(Name, "/")
    end.

absname(Name, Dir) ->
    case pathtype(Name) of
        absolute -> join([Name]);
        relative ->
            case is_binary(Name) of
                true -> join(list_to_binary(flat(Dir)), Name);
                false -> join(Dir, Name)
            end
    end.

nativename(Name) ->
    {S, B} = text(Name),
    back(normalize(S), B).
