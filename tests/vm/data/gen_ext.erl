%% Regenerates external_cases.inc: erlc gen_ext.erl && erl -noshell -s gen_ext main -s init stop > external_cases.inc
-module(gen_ext).
-export([main/0]).
%% Prints {"term_to_binary hex", phash2(T), phash2(T, 1000), sameBytes, hashChecked}
%% for a table of terms: sameBytes is false where our re-encoding may legitimately
%% differ (large maps, references), hashChecked false where the hash depends on the node.
terms() ->
    Ints = [0, 1, 255, 256, -1, -256, 65535, 2147483647, -2147483648, 2147483648, -2147483649,
            4294967295, 4294967296, 576460752303423487, 576460752303423488, -576460752303423488,
            4611686018427387903, 4611686018427387904, -4611686018427387905,
            18446744073709551615, 18446744073709551616, 1 bsl 100, -(1 bsl 100), 1 bsl 2040,
            1 bsl 2048, -(1 bsl 2100), 123456789012345678901234567890],
    Floats = [0.0, -0.0, 1.0, -1.5, 0.1, 1.0e300, -1.0e-300, 5.0e-324, 3.141592653589793, 1.0e15, 123.456],
    Atoms = [a, abc, 'hello world', '', true, false, nonode@nohost, list_to_atom([228, 246]),
             list_to_atom([8364, $x]), list_to_atom(lists:duplicate(255, $z)),
             list_to_atom(lists:duplicate(100, 8364))],
    Lists = [[], "abc", [1, 2, 3], [256], [-1], [1 | 2], [a, [b, [c]]], lists:seq(1, 300),
             lists:duplicate(1000, $x), [1.5, "x" | tail], [[]], ["", <<>>], [{}]],
    Tuples = [{}, {a}, {1, 2}, {a, {b, {c, {}}}}, list_to_tuple(lists:seq(1, 300)),
              {1.0, "s", <<"b">>, [x]}],
    Bins = [<<>>, <<1, 2, 3>>, <<"hello">>, list_to_binary(lists:seq(0, 255)),
            list_to_binary(lists:duplicate(1000, 7)), <<1:1>>, <<1, 2:3>>, <<255, 255, 127:7>>,
            <<0:0>>, <<5:4>>],
    Maps = [#{}, #{a => 1}, #{1 => a, 1.0 => b, "s" => c, {t} => d, <<"b">> => e},
            #{a => #{b => #{c => []}}}, #{[1, 2] => [3, 4], 2 => 3, z => y, b => 1}],
    Funs = [fun lists:map/2, fun erlang:abs/1],
    Nested = [{[#{k => [1, {2, <<3>>}]}], -5, 2.5}, [{ok, "text"}, {error, enoent}]],
    [{T, true, true} || T <- Ints ++ Floats ++ Atoms ++ Lists ++ Tuples ++ Bins ++ Maps ++ Funs ++ Nested]
    ++ [{maps:from_list([{I, I * I} || I <- lists:seq(1, 40)]), false, true},
        {maps:from_list([{integer_to_list(I), I} || I <- lists:seq(1, 100)]), false, true},
        {make_ref(), false, false}, {self(), true, false}].
hex(B) -> lists:flatten([io_lib:format("~2.16.0B", [X]) || <<X>> <= B]).
main() ->
    [io:format("{\"~s\", ~w, ~w, ~w, ~w},~n",
               [hex(term_to_binary(T)), erlang:phash2(T), erlang:phash2(T, 1000), Same, Hash])
     || {T, Same, Hash} <- terms()],
    ok.
