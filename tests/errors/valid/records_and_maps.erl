-module(records_and_maps).
-export([main/0, area/1, update/2]).

-record(shape, {kind = circle :: atom(), size = 1.0, tags = [] :: [atom()]}).
-type shape() :: #shape{}.
-spec area(shape()) -> float().

-define(PI, 3.141592653589793).
-define(SQUARE(X), ((X) * (X))).

area(#shape{kind = circle, size = R}) -> ?PI * ?SQUARE(R);
area(#shape{kind = square, size = S}) -> ?SQUARE(S);
area(#shape{}) -> 0.0.

update(#shape{tags = Tags} = S, Tag) when is_atom(Tag) ->
    S#shape{tags = [Tag | Tags]}.

main() ->
    Shapes = [#shape{}, #shape{kind = square, size = 2.0}],
    Areas = [area(S) || S <- Shapes],
    M = maps:from_list(lists:zip([a, b], Areas)),
    M2 = M#{c => 0.0},
    #{a := A} = M2,
    Index = #shape.size,
    io:format("~p ~p ~p ~p~n", [Areas, A, maps:size(M2), Index]),
    {?MODULE, ?LINE, ?FUNCTION_NAME}.
