-module(pp_if_elif).
-export([main/1]).

%% -if/-elif/-else/-endif with epp's semantics: macros expanded, defined(NAME),
%% guard BIFs; a condition that fails to evaluate (or is not true) is false.
-define(LEVEL, 3).
-define(NAME, pp_if_elif).

-if(?LEVEL > 5).
level() -> high.
-elif(?LEVEL > 2).
level() -> medium.
-elif(?LEVEL > 0).
level() -> low_shadowed.
-else.
level() -> none.
-endif.

-if(defined(UNDEFINED_THING) orelse ?OTP_RELEASE >= 21).
release() -> new_enough.
-else.
release() -> old.
-endif.

-if(1 / 0).
crash() -> true_branch.
-else.
crash() -> false_branch.
-endif.

-if(not_a_boolean).
guard() -> 1.
-elif(is_atom(?NAME) andalso element(1, {true, x})).
guard() -> 2.
-endif.

-if(Unbound).
var() -> bound.
-elif(some_function(1)).
var() -> called.
-else.
var() -> neither.
-endif.

-if(false).
-if(this is not even an expression.
-endif.
-else.
nested() -> outer_else.
-endif.

-if(true).
-if(defined(LEVEL)).
deep() -> {defined, ?LEVEL}.
-else.
deep() -> undefined.
-endif.
-elif(true).
deep() -> never.
-endif.

-if(?NAME =:= pp_if_elif andalso {1, [a]} < {1, [b]} andalso 1 == 1.0
    andalso not (1 =:= 1.0) andalso (7 div 2 + 7 rem 2 band 1) =:= 4).
terms() -> ok.
-else.
terms() -> wrong.
-endif.

-ifdef(LEVEL).
-if(length([1, 2]) =:= 2 andalso tuple_size({}) =:= 0 andalso abs(-2.0) == 2).
combined() -> yes.
-endif.
-else.
combined() -> no.
-endif.

main(_) ->
    io:format("~p~n", [[level(), release(), crash(), guard(), var(), nested(), deep(),
                        terms(), combined()]]).
