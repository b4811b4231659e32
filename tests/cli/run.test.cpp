// `pfun run` end to end, in-process: Erlang source files in a temporary directory,
// compiled, loaded and run, with stdout and stderr captured.
#include "run_helpers.h"

#include <doctest/doctest.h>

using pfun::testing::run;
using pfun::testing::TempDir;

TEST_SUITE("pfun run") {
    TEST_CASE("main/1 receives the arguments as strings; exit code 0") {
        TempDir d;
        auto f = d.write("hello.erl", "-module(hello).\n-export([main/1]).\n"
                                      "main(Args) -> io:format(\"~p~n\", [Args]).\n");
        auto o = run(f, {"a", "bc"});
        CHECK(o.code == 0);
        CHECK(o.out == "[\"a\",\"bc\"]\n");
        CHECK(o.err.empty());
    }

    TEST_CASE("a compile error prints diagnostics and exits 3") {
        TempDir d;
        auto f = d.write("bad.erl", "-module(bad).\n-export([main/1]).\nmain(_) -> X.\n");
        auto o = run(f);
        CHECK(o.code == 3);
        CHECK(o.err.find("bad.erl:3:") != std::string::npos);
        auto missing = run((d.path / "nothere.erl").string());
        CHECK(missing.code == 2);
    }

    TEST_CASE("uncaught errors are printed as erl's shell prints them, exit code 1") {
        TempDir d;
        auto f = d.write("m.erl", "-module(m).\n"
                                  "-export([main/1]).\n"
                                  "main(_) ->\n"
                                  "    io:format(\"before~n\"),\n"
                                  "    1 = two(),\n"
                                  "    ok.\n"
                                  "two() -> 2.\n");
        auto o = run(f);
        CHECK(o.code == 1);
        CHECK(o.out == "before\n");
        CHECK(o.err.find("** exception error: no match of right hand side value 2\n") == 0);
        CHECK(o.err.find("in function  m:main/1 (") != std::string::npos);
        CHECK(o.err.find("line 5)") != std::string::npos);
    }

    TEST_CASE("function_clause, undef, badarith and throw explanations") {
        TempDir d;
        auto f = d.write("e.erl", "-module(e).\n"
                                  "-export([main/1]).\n"
                                  "main([\"fc\"]) -> f(3);\n"
                                  "main([\"undef\"]) -> nosuch:g(1);\n"
                                  "main([\"arith\"]) -> 1 + list_to_atom(\"a\");\n"
                                  "main([\"throw\"]) -> throw({ball, 1});\n"
                                  "main([\"exit\"]) -> exit(bye).\n"
                                  "f(1) -> one.\n");
        auto fc = run(f, {"fc"});
        CHECK(fc.code == 1);
        CHECK(fc.err.find("no function clause matching e:f(3) (") != std::string::npos);
        auto undef = run(f, {"undef"});
        CHECK(undef.err.find("undefined function nosuch:g/1") != std::string::npos);
        auto arith = run(f, {"arith"});
        CHECK(arith.err.find("an error occurred when evaluating an arithmetic expression") !=
              std::string::npos);
        CHECK(arith.err.find("in operator  +/2") != std::string::npos);
        CHECK(arith.err.find("called as 1 + a") != std::string::npos);
        auto thr = run(f, {"throw"});
        CHECK(thr.err.find("** exception throw: {ball,1}") == 0);
        auto ex = run(f, {"exit"});
        CHECK(ex.err.find("** exception exit: bye") == 0);
        CHECK(ex.code == 1);
    }

    TEST_CASE("modules on the code path are compiled on first use") {
        TempDir d, lib;
        lib.write("helper_mod.erl", "-module(helper_mod).\n-export([twice/1]).\n"
                                    "twice(X) -> 2 * X.\n");
        d.write("near_mod.erl", "-module(near_mod).\n-export([inc/1]).\ninc(X) -> X + 1.\n");
        auto f = d.write("main_mod.erl", "-module(main_mod).\n-export([main/1]).\n"
                                         "main(_) -> io:format(\"~p~n\", "
                                         "[near_mod:inc(helper_mod:twice(20))]).\n");
        auto o = run(f, {}, false, {lib.path.string()});
        CHECK(o.code == 0);
        CHECK(o.out == "41\n");
        auto without = run(f);
        CHECK(without.code == 1);
        CHECK(without.err.find("undefined function helper_mod:twice/1") != std::string::npos);
    }

    TEST_CASE("try/catch/after, catch values, erlang:raise/3") {
        TempDir d;
        auto f = d.write(
            "t.erl", "-module(t).\n-export([main/1]).\n"
                     "main(_) ->\n"
                     "    io:format(\"~p~n\", [catch throw(x)]),\n"
                     "    {'EXIT', {badarith, [_ | _]}} = (catch 1 / zero()),\n"
                     "    io:format(\"~p~n\", [catch exit(e)]),\n"
                     "    R = try error(boom) catch error:boom:S -> is_list(S) after "
                     "io:format(\"after~n\") end,\n"
                     "    io:format(\"~p~n\", [R]),\n"
                     "    R2 = try try error(inner) catch C:E:S2 -> erlang:raise(C, E, S2) end\n"
                     "         catch error:X -> {re, X} end,\n"
                     "    io:format(\"~p~n\", [R2]).\n"
                     "zero() -> 0.\n");
        auto o = run(f);
        CHECK(o.code == 0);
        CHECK(o.out == "x\n{'EXIT',e}\nafter\ntrue\n{re,inner}\n");
    }

    TEST_CASE("deep recursion, tail loops and collection stress give the same output") {
        TempDir d;
        auto f = d.write("deep.erl",
                         "-module(deep).\n-export([main/1]).\n"
                         "len([]) -> 0;\nlen([_ | T]) -> 1 + len(T).\n"
                         "build(0, Acc) -> Acc;\nbuild(N, Acc) -> build(N - 1, [{N} | Acc]).\n"
                         "count(0) -> 0;\ncount(N) -> 1 + count(N - 1).\n"
                         "main(_) ->\n"
                         "    L = build(200000, []),\n"
                         "    io:format(\"~p ~p~n\", [len(L), count(1000000)]),\n"
                         "    F = fun G(0, A) -> A; G(N, A) -> G(N - 1, A + N) end,\n"
                         "    io:format(\"~p~n\", [F(1000000, 0)]).\n");
        auto o = run(f);
        CHECK(o.code == 0);
        CHECK(o.out == "200000 1000000\n500000500000\n");
        auto small =
            d.write("stress.erl", "-module(stress).\n-export([main/1]).\n"
                                  "build(0, Acc) -> Acc;\n"
                                  "build(N, Acc) -> build(N - 1, [{N, [N]} | Acc]).\n"
                                  "sum([], S) -> S;\nsum([{A, _} | T], S) -> sum(T, S + A).\n"
                                  "last([X]) -> X;\nlast([_ | T]) -> last(T).\n"
                                  "main(_) -> L = build(3000, []),\n"
                                  "    S = sum([{A, B} || {A, B} <- L], 0),\n"
                                  "    io:format(\"~p ~p~n\", [S, last(L)]).\n");
        auto plain = run(small);
        auto stressed = run(small, {}, true);
        CHECK(plain.code == 0);
        CHECK(plain.out == "4501500 {3000,[3000]}\n");
        CHECK(stressed.out == plain.out);
    }
}
