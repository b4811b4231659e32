-module(algo_rpn).
-export([main/1]).

rpn(Expr) ->
    [Result] = lists:foldl(fun step/2, [], string:tokens(Expr, " ")),
    Result.

step("+", [B, A | S]) -> [A + B | S];
step("-", [B, A | S]) -> [A - B | S];
step("*", [B, A | S]) -> [A * B | S];
step("/", [B, A | S]) -> [A / B | S];
step("^", [B, A | S]) -> [math:pow(A, B) | S];
step("sum", S) -> [lists:sum(S)];
step(Tok, S) ->
    case string:to_float(Tok) of
        {F, []} -> [F | S];
        _ -> [list_to_integer(Tok) | S]
    end.

%% A reverse-Polish calculator over strings.
main(_) ->
    Exprs = ["3 4 +", "5 1 2 + 4 * + 3 -", "2 3 ^", "10 4 /", "1.5 2 *", "1 2 3 4 sum",
             "90 34 12 33 55 66 + * - + -"],
    lists:foreach(fun(E) -> io:format("~s = ~p~n", [E, rpn(E)]) end, Exprs),
    io:format("~p~n", [try rpn("1 +") catch error:R -> R end]),
    ok.
