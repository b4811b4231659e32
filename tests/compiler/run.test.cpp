// End to end: Erlang source -> compiler -> interpreter, checking the values that
// come back (the differential suite compares printed output against erl).
#include "codegen_support.h"

#include "pfun/vm/construct.h"
#include "pfun/vm/interpreter.h"
#include "pfun/vm/process.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace pfun;
using namespace pfun::compiler::testing;

namespace {

vm::Term bifThrow(vm::Process& p, const vm::Term* a) {
    return p.raise(vm::ExceptionClass::Throw, a[0]);
}
vm::Term bifError(vm::Process& p, const vm::Term* a) {
    return p.error(a[0]);
}
vm::Term bifAppend(vm::Process& p, const vm::Term* a) {
    std::vector<vm::Term> elems;
    vm::Term l = a[0];
    for (; l.isList(); l = l.tail())
        elems.push_back(l.head());
    if (!l.isNil()) return p.badarg();
    return vm::makeList(p.heap(), elems, a[1]);
}
vm::Term bifLength(vm::Process& p, const vm::Term* a) {
    int64_t n = 0;
    vm::Term l = a[0];
    for (; l.isList(); l = l.tail())
        ++n;
    if (!l.isNil()) return p.badarg();
    return vm::Term::makeSmall(n);
}
vm::Term bifElement(vm::Process& p, const vm::Term* a) {
    if (!a[0].isSmall() || !a[1].isTuple() || a[0].small() < 1 ||
        uint64_t(a[0].small()) > a[1].tupleArity())
        return p.badarg();
    return a[1].element(uint64_t(a[0].small() - 1));
}

// Compiles `source` (module m), loads it and calls m:main(); with gcStress the
// process collects at every safe point; `reductions` receives the process's count
// of reductions left in its slice afterwards.
std::string run(std::string_view source, bool gcStress = false, int32_t* reductions = nullptr) {
    Compiled c;
    vm::Runtime& rt = *c.rt;
    rt.bifs().add(vm::atoms::kErlang, vm::atoms::kThrow, 1, bifThrow);
    rt.bifs().add(vm::atoms::kErlang, vm::atoms::kError, 1, bifError);
    rt.bifs().add(vm::atoms::kErlang, rt.atom("++"), 2, bifAppend);
    rt.bifs().add(vm::atoms::kErlang, vm::atoms::kLength, 1, bifLength, true);
    rt.bifs().add(vm::atoms::kErlang, vm::atoms::kElement, 2, bifElement, true);
    std::string src = "-module(m).\n-export([main/0]).\n" + std::string(source);
    compiler::Diagnostics diags("m.erl", src);
    auto code = compiler::compileSource(src, "m.erl", rt, diags);
    if (!code) return "compile error: " + diags.render();
    std::string err;
    if (!rt.loadModule(std::move(code), &err)) return "load error: " + err;
    vm::Process p(rt);
    p.setGcStress(gcStress);
    vm::CallResult r = vm::callMfa(p, rt.atom("m"), rt.atom("main"), {});
    if (reductions) *reductions = p.reductions;
    if (r.ok) return compiler::formatLiteral(r.value, rt.atoms());
    const char* cls = r.cls == vm::ExceptionClass::Error   ? "error"
                      : r.cls == vm::ExceptionClass::Throw ? "throw"
                                                           : "exit";
    return std::string(cls) + ":" + compiler::formatLiteral(r.reason, rt.atoms());
}

} // namespace

TEST_SUITE("compile and run") {
    TEST_CASE("recursion and arithmetic") {
        CHECK(run("main() -> fib(20).\n"
                  "fib(0) -> 0; fib(1) -> 1; fib(N) -> fib(N - 1) + fib(N - 2).\n") == "6765");
        CHECK(run("main() -> loop(1000000, 0).\n"
                  "loop(0, Acc) -> Acc; loop(N, Acc) -> loop(N - 1, Acc + N).\n") ==
              "500000500000");
        CHECK(run("main() -> len(build(100000)).\n"
                  "build(0) -> []; build(N) -> [N | build(N - 1)].\n"
                  "len([]) -> 0; len([_ | T]) -> 1 + len(T).\n") == "100000");
        CHECK(run("main() -> {7 div 2, 7 rem 2, -7 div 2, 2 * 3 - 1, 1 bsl 70, bnot 5, -(3)}.\n") ==
              "{3,1,-3,5,1180591620717411303424,-6,-3}");
    }

    TEST_CASE("list builders: body recursion over a million elements in constant stack") {
        const char* src = "main() -> [H | _] = L = dbl(seq(1, 1000000)), {len(L, 0), H, last(L)}.\n"
                          "seq(I, N) when I > N -> []; seq(I, N) -> [I | seq(I + 1, N)].\n"
                          "dbl([H | T]) -> [2 * H | dbl(T)]; dbl([]) -> [].\n"
                          "len([], N) -> N; len([_ | T], N) -> len(T, N + 1).\n"
                          "last([X]) -> X; last([_ | T]) -> last(T).\n";
        CHECK(run(src) == "{1000000,2,2000000}");
        // Every cell of the list being built survives collections at every safe point
        // (the builder is a root; its cells move under it).
        CHECK(run("main() -> L = dbl(seq(1, 2000)), {sum(L, 0), last(L)}.\n"
                  "seq(I, N) when I > N -> []; seq(I, N) -> [I | seq(I + 1, N)].\n"
                  "dbl([H | T]) -> [2 * H | dbl(T)]; dbl([]) -> [].\n"
                  "sum([], N) -> N; sum([H | T], N) -> sum(T, N + H).\n"
                  "last([X]) -> X; last([_ | T]) -> last(T).\n",
                  true) == "{4002000,4000}");
        CHECK(run("main() -> {app(seq(1, 3), [x]), evens(seq(1, 10))}.\n"
                  "seq(I, N) when I > N -> []; seq(I, N) -> [I | seq(I + 1, N)].\n"
                  "app([H | T], L) -> [{H} | app(T, L)]; app([], L) -> L.\n"
                  "evens([H | T]) when H rem 2 =:= 0 -> [H, -H | evens(T)];\n"
                  "evens([_ | T]) -> evens(T); evens([]) -> [].\n",
                  true) == "{[{1},{2},{3},x],[2,-2,4,-4,6,-6,8,-8,10,-10]}");
        // Errors inside the loop: the current arguments and the function's own entry.
        CHECK(
            run("main() -> dbl([1, 2 | 3]).\ndbl([H | T]) -> [2 * H | dbl(T)]; dbl([]) -> [].\n") ==
            "error:function_clause");
        CHECK(run("main() -> try dbl([1, a]) catch error:R:S -> {R, second(S)} end.\n"
                  "dbl([H | T]) -> [2 * H | dbl(T)]; dbl([]) -> [].\n"
                  "second([_, E | _]) -> E.\n") ==
              "{badarith,{m,dbl,1,[{file,\"m.erl\"},{line,4}]}}");
        // The loop's back edge counts a reduction per element, as the calls it
        // replaces did: a long loop cannot keep its scheduler.
        int32_t left = 0;
        CHECK(run("main() -> len(copy(seq(1, 900)), 0).\n"
                  "seq(I, N) when I > N -> []; seq(I, N) -> [I | seq(I + 1, N)].\n"
                  "copy([H | T]) -> [H | copy(T)]; copy([]) -> [].\n"
                  "len([], N) -> N; len([_ | T], N) -> len(T, N + 1).\n",
                  false, &left) == "900");
        // seq, copy and len each go round 900 times: 2700 of the 4000 are used (900
        // without the back edges).
        CHECK(left < vm::Process::kReductionsPerSlice - 2000);
    }

    TEST_CASE("patterns, guards and clause selection") {
        CHECK(run("main() -> [f(X) || X <- [0, 1, a, {b, 2}, {c, 1, 2}, [x], \"str\", 2.5, -4]].\n"
                  "f(0) -> zero;\n"
                  "f(N) when is_integer(N), N > 0 -> pos;\n"
                  "f(N) when is_integer(N) -> neg;\n"
                  "f(A) when is_atom(A) -> atom;\n"
                  "f({b, X}) -> {b, X};\n"
                  "f({c, X, Y}) when X < Y -> c;\n"
                  "f([H]) -> {one, H};\n"
                  "f(\"st\" ++ R) -> {st, R};\n"
                  "f(F) when is_float(F) -> float.\n") ==
              "[zero,pos,atom,{b,2},c,{one,x},{st,\"r\"},float,neg]");
        CHECK(run("main() -> {g(1, 1), g(1, 2), g({x, y}, {x, y})}.\n"
                  "g(X, X) -> same; g(_, _) -> different.\n") == "{same,different,same}");
        CHECK(run("main() -> [h(X) || X <- [1, 2, 3, 4]].\n"
                  "h(X) when X =:= 1; X =:= 3 -> odd; h(X) when X rem 2 =:= 0 andalso X > 2 -> "
                  "big_even;\n"
                  "h(_) -> other.\n") == "[odd,other,odd,big_even]");
        CHECK(run("main() -> {t(3), t(x)}.\n"
                  "t(X) when X + 1 > 2 -> yes; t(_) -> no.\n") == "{yes,no}");
        CHECK(run("main() -> A = {1, [2, 3]}, {X, [Y | Z] = L} = A, {X, Y, Z, L}.\n") ==
              "{1,2,[3],[2,3]}");
    }

    TEST_CASE("case, if, exported variables, andalso/orelse") {
        CHECK(run("main() -> [c(X) || X <- [1, 2, 3]].\n"
                  "c(X) -> case X of 1 -> Y = a, Z = 1; 2 -> Y = b, Z = 2; _ -> Y = c, Z = 3 end, "
                  "{Y, Z}.\n") == "[{a,1},{b,2},{c,3}]");
        CHECK(run("main() -> [i(X) || X <- [1, 5, 10]].\n"
                  "i(X) -> if X < 3 -> small; X < 7 -> medium; true -> large end.\n") ==
              "[small,medium,large]");
        CHECK(run("main() -> {true andalso false, false orelse true, 1 < 2 andalso 2 < 3, "
                  "false andalso undefined}.\n") == "{false,true,true,false}");
        CHECK(run("main() -> try id(1) andalso true catch error:R -> R end.\nid(X) -> X.\n") ==
              "{badarg,1}");
        CHECK(run("main() -> true andalso id(x).\nid(X) -> X.\n") == "x");
    }

    TEST_CASE("closures, named funs and fun references") {
        CHECK(run("main() -> Add = fun(X) -> fun(Y) -> X + Y end end, (Add(1))(2).\n") == "3");
        CHECK(run("main() -> F = fun Fact(0) -> 1; Fact(N) -> N * Fact(N - 1) end, F(20).\n") ==
              "2432902008176640000");
        CHECK(run("main() -> map(fun double/1, [1, 2, 3]).\n"
                  "double(X) -> 2 * X.\n"
                  "map(_, []) -> []; map(F, [H | T]) -> [F(H) | map(F, T)].\n") == "[2,4,6]");
        CHECK(
            run("main() -> K = 10, foldl(fun(X, Acc) -> X * K + Acc end, 0, [1, 2, 3]).\n"
                "foldl(F, Acc, [H | T]) -> foldl(F, F(H, Acc), T); foldl(_, Acc, []) -> Acc.\n") ==
            "60");
    }

    TEST_CASE("list comprehensions") {
        CHECK(run("main() -> [X * 2 || X <- [1, 2, 3, 4], X rem 2 == 0].\n") == "[4,8]");
        CHECK(run("main() -> [{X, Y} || X <- [1, 2], Y <- [a, b]].\n") ==
              "[{1,a},{1,b},{2,a},{2,b}]");
        CHECK(run("main() -> [X || {ok, X} <- [{ok, 1}, error, {ok, 2}]].\n") == "[1,2]");
        CHECK(run("main() -> N = 3, [X + N || X <- [1, 2], N > 1].\n") == "[4,5]");
        CHECK(run("main() -> [[Y || Y <- L] || L <- [[1], [2, 3]]].\n") == "[[1],[2,3]]");
    }

    TEST_CASE("exceptions: try, catch, after, errors raised by the compiler's checks") {
        CHECK(run("main() -> try throw(x) catch throw:X -> {caught, X} end.\n") == "{caught,x}");
        CHECK(run("main() -> try 1 / zero() catch error:R -> R end.\nzero() -> 0.\n") ==
              "badarith");
        CHECK(
            run("main() -> try try throw(a) catch error:_ -> no end catch throw:a -> yes end.\n") ==
            "yes");
        CHECK(run("main() -> try 1 of 2 -> two after ok end.\n") == "error:{try_clause,1}");
        CHECK(run("main() -> try f(x) catch error:R -> R end.\nf(1) -> one.\n") ==
              "function_clause");
        CHECK(run("main() -> try {a} = id(b) catch error:R -> R end.\nid(X) -> X.\n") ==
              "{badmatch,b}");
        CHECK(
            run("main() -> try case id(3) of 1 -> a end catch error:R -> R end.\nid(X) -> X.\n") ==
            "{case_clause,3}");
        CHECK(run("main() -> X = id(1), try if X > 2 -> a end catch error:R -> R end.\n"
                  "id(X) -> X.\n") == "if_clause");
        CHECK(run("main() -> {catch throw(t), catch 5}.\n") == "{t,5}");
        CHECK(run("main() -> try id(1) of V -> V + 1 after id(2) end.\nid(X) -> X.\n") == "2");
        CHECK(run("main() -> try try throw(in) after id(2) end catch C:R -> {C, R} end.\n"
                  "id(X) -> X.\n") == "{throw,in}");
        CHECK(run("main() -> try error(e) catch throw:_ -> no end.\n") == "error:e");
    }

    TEST_CASE("binaries") {
        CHECK(run("main() -> <<A:8, B:16/little, Rest/binary>> = <<1, 2, 0, 9, 8>>, "
                  "<<C, D>> = Rest, {A, B, C, D}.\n") == "{1,2,9,8}");
        CHECK(run("main() -> B = <<300:16, \"ab\", (-1):8/signed>>, <<X:16, \"ab\", Y:8/signed>> = "
                  "B, "
                  "{X, Y}.\n") == "{300,-1}");
        CHECK(run("main() -> [X || <<X:4>> <= <<16#a5>>].\n") == "[10,5]");
        std::string longText(300, 'z');
        CHECK(run("main() -> B = <<\"" + longText + "\", 1>>, <<_:300/binary, X>> = B, X.\n") ==
              "1");
        CHECK(run("main() -> f(<<1, 2>>).\nf(<<1, X>>) -> X; f(_) -> no.\n") == "2");
    }

    TEST_CASE("maps") {
        CHECK(run("main() -> M = #{a => 1}, M2 = M#{b => 2}, #{a := A, b := B} = M2, {A, B}.\n") ==
              "{1,2}");
        CHECK(run("main() -> M = #{a => 1}, M2 = M#{a := 5}, #{a := A} = M2, A.\n") == "5");
        CHECK(run("main() -> f(#{k => v}).\nf(#{x := _}) -> x; f(#{k := V}) -> {k, V}.\n") ==
              "{k,v}");
        CHECK(run("main() -> K = k, #{K := V} = #{k => 3}, V.\n") == "3");
    }
}
