-module(error_reasons).
-export([main/1]).

reason(F) ->
    try F() of V -> {no_error, V}
    catch
        error:{badarity, _} -> badarity;
        error:{badfun, _} -> badfun;
        error:R -> R
    end.

f(1) -> one.

%% The reason of every standard error.
main(_) ->
    Tests = [
        fun() -> {a} = id({b}) end,
        fun() -> f(id(2)) end,
        fun() -> case id(x) of y -> y end end,
        fun() -> B = id(false), if B -> ok end end,
        fun() -> id(1) + id(atom) end,
        fun() -> id(1) div id(0) end,
        fun() -> id(1) rem id(0) end,
        fun() -> -id(foo) end,
        fun() -> id(1.5) band 1 end,
        fun() -> atom_to_list(id(1)) end,
        fun() -> no_such_module_xyz:func(1) end,
        fun() -> lists:no_such_function() end,
        fun() -> (id(fun(X) -> X end))(1, 2) end,
        fun() -> (id(notfun))() end,
        fun() -> try id(1) of 2 -> two catch _ -> no end end,
        fun() -> maps:get(missing, #{}) end,
        fun() -> (id(#{}))#{k := 1} end,
        fun() -> (id(notmap))#{k => 1} end,
        fun() -> list_to_integer("12a") end,
        fun() -> binary_to_atom(id(1), utf8) end,
        fun() -> tuple_size(id([])) end,
        fun() -> error(custom_reason) end,
        fun() -> error({custom, [1, 2]}, [args]) end,
        fun() -> float(id("1")) end,
        fun() -> id(1) bsl id(a) end,
        fun() -> lists:nth(0, [a]) end,
        fun() -> <<(id(a))>> end,
        fun() -> <<X:8>> = id(<<>>), X end,
        fun() -> list_to_tuple(id(notlist)) end,
        fun() -> integer_to_list(id(1), 99) end
    ],
    lists:foreach(fun(T) -> io:format("~p~n", [reason(T)]) end, Tests),
    ok.

id(X) -> X.
