-module(maps_patterns).
-export([main/1]).

handle(#{type := add, a := A, b := B}) -> A + B;
handle(#{type := neg, a := A}) -> -A;
handle(#{type := T}) -> {unknown, T};
handle(#{}) -> no_type.

lookup(K, M) ->
    case M of
        #{K := V} -> {found, V};
        _ -> missing
    end.

%% Map patterns in heads, case, with bound variable keys, nested maps and updates.
main(_) ->
    io:format("~p~n", [[handle(M) || M <- [#{type => add, a => 1, b => 2}, #{type => neg, a => 5},
                                          #{type => mul}, #{x => 1}]]]),
    io:format("~p~n", [[lookup(K, #{a => 1, "b" => 2}) || K <- [a, "b", c]]]),
    State = #{user => #{name => "ann", visits => 1}, log => []},
    #{user := #{visits := V} = U} = State,
    State2 = State#{user := U#{visits := V + 1}, log := [visit]},
    io:format("~p~n", [State2]),
    #{user := #{name := Name}} = State2,
    io:format("~p~n", [Name]),
    io:format("~p~n", [try #{a := 1} = id(#{a => 2}) catch error:R -> R end]),
    F = fun(#{k := K}) when K > 1 -> big; (#{}) -> small end,
    io:format("~p~n", [[F(#{k => 5}), F(#{k => 0}), F(#{})]]),
    io:format("~p~n", [[X || #{x := X} <- [#{x => 1}, #{y => 2}, #{x => 3}]]]),
    ok.

id(X) -> X.
