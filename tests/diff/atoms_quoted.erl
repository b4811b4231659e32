-module(atoms_quoted).
-export([main/1]).

%% Atom printing: which atoms need quotes under ~p/~w, and ~s/~a on atoms.
main(_) ->
    As = [ok, 'ok', 'hello world', 'Hello', '_x', x_Y@z, 'a-b', '', '[]', '{}',
          'after', 'case', 'end', 'fun', 'of', 'receive', 'try', 'when', 'div', 'band',
          'andalso', 'not', 'true', 'nil', 'a.b', 'with\'quote', 'tab\there',
          'new\nline', '123', 'a1', '\\', '+', '=:='],
    lists:foreach(fun(A) -> io:format("~p ~w ~s|~n", [A, A, atom_to_list(A)]) end, As),
    io:format("~p~n", [As]),
    io:format("~s ~s~n", [foo, 'Bar Baz']),
    io:format("~w ~w~n", [is_atom('hello world'), 'a' =:= a]),
    io:format("~w~n", [lists:sort(As)]),
    ok.
