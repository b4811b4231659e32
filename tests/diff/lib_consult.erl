-module(lib_consult).
-export([main/1]).

%% file:consult/1 on files this program writes: every kind of term, comments,
%% several lines, and the errors (missing file, syntax error with its line).
main(_) ->
    Tmp = os:getenv("TMPDIR", "/tmp"),
    F = filename:join(Tmp, "pfun_lib_consult_" ++ os:getpid() ++ ".config"),
    Text = "%% a config file\n"
           "{name, \"pfun\"}.\n"
           "{version, 1, 2.5, -3, -0.5e-3, 16#ff, 2#101, $a, $\\n}. % trailing comment\n"
           "[a, 'Quoted atom', [], [1 | 2], {}, \"tab\\there\"].\n"
           "<<1, 2, \"ab\">>.\n"
           "#{key => value, \"k\" => [1,2]}.\n"
           "{nested, [{deep, [{deeper, ok}]}]}.\n"
           "  atom_alone.\n"
           "\"adjacent\" \"strings\".\n",
    ok = file:write_file(F, Text),
    io:format("~p~n", [file:consult(F)]),
    ok = file:write_file(F, ""),
    io:format("~p~n", [file:consult(F)]),
    ok = file:write_file(F, "{a, b}.\n{c, d}\n{e, f}.\n"),
    io:format("~p~n", [file:consult(F)]),
    ok = file:write_file(F, "{a, b}.\n\n[1, 2,].\n"),
    io:format("~p~n", [file:consult(F)]),
    ok = file:write_file(F, "{a, X}.\n"),
    io:format("~p~n", [element(1, file:consult(F))]),
    ok = file:delete(F),
    io:format("~p~n", [file:consult(F)]).
