-module(proc_copy_terms).
-export([main/1]).
main(_) ->
    Big = lists:seq(1, 5000),
    Map = maps:from_list([{K, integer_to_list(K)} || K <- lists:seq(1, 100)]),
    Bin = list_to_binary(lists:duplicate(300, $x)),
    Small = <<"abc">>,
    Num = 1 bsl 200,
    F = 3.25,
    Self = self(),
    Echo = spawn(fun() -> echo(Self) end),
    [begin Echo ! T, receive {echo, T2} -> io:format("~p~n", [T2 =:= T]) end end
     || T <- [Big, Map, Bin, Small, Num, F, {nested, [Big, {Map}], Bin}, [], atom, "str"]],
    Fun = fun(X) -> X + length(Big) end,
    Echo ! Fun,
    receive {echo, G} -> io:format("~p~n", [G(1)]) end,
    Echo ! stop.
echo(To) ->
    receive stop -> ok; T -> To ! {echo, T}, echo(To) end.
