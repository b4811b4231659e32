%% Regenerates arith_cases.inc: erlc gen_arith.erl && erl -noshell -s gen_arith main -s init stop | awk 'length($0) <= 420' > arith_cases.inc
-module(gen_arith).
-export([main/0]).
vals() -> [0, 1, -1, 7, -7, 3, -3, 4611686018427387903, -4611686018427387904, 4611686018427387904,
           -4611686018427387905, 9223372036854775807, -9223372036854775808, 18446744073709551616,
           123456789012345678901234567890, -123456789012345678901234567890,
           (1 bsl 200) - 1, -(1 bsl 130), 2.5, -0.5, 1.0e300, 1 bsl 1100].
ops() -> ['+', '-', '*', '/', 'div', 'rem', 'band', 'bor', 'bxor'].
shifts() -> [0, 1, 3, 62, 63, 64, 65, 200, -1, -3, -62, -63, -64, -200, 5000, -100000, 1 bsl 70, -(1 bsl 70)].
fmt(X) when is_float(X) -> io_lib:format("~w", [X]);
fmt(X) -> integer_to_list(X).
run(Op, A, B) ->
  try erlang:Op(A, B) of R -> fmt(R) catch error:E -> atom_to_list(E) end.
unary_name('-') -> neg;
unary_name(Op) -> Op.
main() ->
  [io:format("{\"~s\", \"~s\", \"~s\", \"~s\"},~n", [Op, fmt(A), fmt(B), run(Op, A, B)]) || Op <- ops(), A <- vals(), B <- vals()],
  [io:format("{\"~s\", \"~s\", \"~s\", \"~s\"},~n", [Op, fmt(A), fmt(B), run(Op, A, B)]) || Op <- ['bsl', 'bsr'], A <- vals(), is_integer(A), B <- shifts()],
  [io:format("{\"~s\", \"~s\", \"~s\", \"~s\"},~n", [unary_name(Op), fmt(A), "0", try erlang:Op(A) of R -> fmt(R) catch error:E -> atom_to_list(E) end]) || Op <- ['-', 'bnot', 'abs'], A <- vals()],
  ok.
