#include "lint_support.h"

#include <doctest/doctest.h>

using namespace pfun::compiler;
using pfun::compiler::testing::lint;

TEST_SUITE("lint") {
    TEST_CASE("clean code has no diagnostics") {
        CHECK(lint("-export([f/2]).\n"
                   "f(X, Y) when is_integer(X), X > 0 ->\n"
                   "    Z = case Y of {a, V} -> V; _ -> V = 0 end + X,\n"
                   "    F = fun(A) -> A + Z end,\n"
                   "    [F(E) || E <- lists:seq(1, V), E > 1] ++ g(<<X:8>>);\n"
                   "f(_, _) -> try ok of R -> R catch _:_ -> error after ok end.\n"
                   "g(<<S:8, B:S/binary, _/binary>>) -> [B, length([]), fun length/1];\n"
                   "g(#{k := V}) -> V;\n"
                   "g(\"ab\" ++ T) -> T;\n"
                   "g(-1) -> 1 + 2.\n") == "");
    }

    TEST_CASE("unbound variables") {
        CHECK(lint("f() -> X.\n") == "3:8: variable 'X' is unbound\n");
        CHECK(lint("f() -> _.\n") == "3:8: variable '_' is unbound\n");
        CHECK(lint("f() -> {A = 1, A}.\n") == "3:16: variable 'A' is unbound\n");
        CHECK(lint("f(X) when Y > X -> ok.\n") == "3:11: variable 'Y' is unbound\n");
        CHECK(lint("f(<<X:N>>) -> X.\n") == "3:7: variable 'N' is unbound\n");
        CHECK(lint("f(L) -> [Y || Y <- L], Y.\n") == "3:24: variable 'Y' is unbound\n");
        CHECK(lint("f() -> fun() -> B = 1 end, B.\n") ==
              "3:28: variable 'B' is unbound\n3:17: warning: variable 'B' is unused\n");
    }

    TEST_CASE("unsafe variables") {
        CHECK(lint("f(X) ->\n  case X of 1 -> Z = 1; 2 -> ok end,\n  Z.\n") ==
              "5:3: variable 'Z' unsafe in 'case' (line 4, column 3)\n");
        CHECK(lint("f(X) -> if X -> Z = 1; true -> ok end, Z.\n") ==
              "3:40: variable 'Z' unsafe in 'if' (line 3, column 9)\n");
        CHECK(lint("f() -> receive a -> Z = 1 after 0 -> ok end, Z.\n") ==
              "3:46: variable 'Z' unsafe in 'receive' (line 3, column 8)\n");
        CHECK(lint("f() -> try Z = 1 catch _ -> Z = 2 end, Z.\n") ==
              "3:29: variable 'Z' unsafe in 'try' (line 3, column 8)\n"
              "3:40: variable 'Z' unsafe in 'try' (line 3, column 8)\n");
        CHECK(lint("f() -> catch (Z = 1), Z.\n") ==
              "3:23: variable 'Z' unsafe in 'catch' (line 3, column 8)\n");
        // Bound in every branch: safe.
        CHECK(lint("f(X) -> case X of 1 -> Z = 1; _ -> Z = 2 end, Z.\n") == "");
    }

    TEST_CASE("functions") {
        CHECK(lint("-export([f/0, g/1]).\nf() -> h(1).\n") ==
              "2:2: function g/1 undefined\n3:8: function h/1 undefined\n");
        CHECK(lint("f() -> fun h/1.\n") == "3:8: function h/1 undefined\n");
        CHECK(lint("-export([f/1]).\nf(1) -> a.\nf(2) -> b.\n") ==
              "4:1: function f/1 already defined\n");
        CHECK(lint("-import(lists, [map/2]).\n-export([f/0]).\nf() -> map(1, 2), self(), "
                   "erlang:foo(), length([]).\n") == "");
        CHECK(lint("-export([f/0]).\nf() -> ok.\ng() -> ok.\n") ==
              "4:1: warning: function g/0 is unused\n");
    }

    TEST_CASE("local functions that clash with auto-imported BIFs") {
        CHECK(lint("-export([f/1]).\nlength(X) -> X.\nf(X) -> length(X).\n") ==
              "4:9: ambiguous call of overridden pre R14 auto-imported BIF length/1\n - use "
              "erlang:length/1 or \"-compile({no_auto_import,[length/1]}).\" to resolve name "
              "clash\n");
        CHECK(lint("-export([f/1]).\nceil(X) -> X.\nf(X) -> ceil(X).\n") ==
              "4:9: warning: ambiguous call of overridden auto-imported BIF ceil/1\n - use "
              "erlang:ceil/1 or \"-compile({no_auto_import,[ceil/1]}).\" to resolve name clash\n");
        CHECK(lint("-export([f/1]).\n-compile({no_auto_import, [length/1]}).\nlength(X) -> X.\n"
                   "f(X) -> length(X).\n") == "");
    }

    TEST_CASE("guards") {
        CHECK(lint("f(X) when foo(X) -> ok.\n") == "3:11: illegal guard expression\n");
        CHECK(lint("-export([f/1]).\nf(X) when X ++ [] == [] -> ok.\n") ==
              "3:13: illegal guard expression\n");
        CHECK(lint("-export([f/1]).\nf(X) when X == self(), erlang:is_atom(X), element(1, X) "
                   "=:= a; not X, -X > 1 -> ok.\n") == "");
        CHECK(lint("-export([f/1]).\nf(X) when (X = 1) -> ok.\n") ==
              "3:12: illegal guard expression\n3:3: warning: variable 'X' is unused\n");
    }

    TEST_CASE("patterns") {
        CHECK(lint("-export([f/1]).\nf(#{a => X}) -> X.\n") ==
              "3:7: illegal pattern\n3:17: variable 'X' is unbound\n");
        CHECK(lint("-export([f/1]).\nf(X) -> case X of g(Y) -> Y end.\n") ==
              "3:19: illegal pattern\n3:27: variable 'Y' is unbound\n");
        CHECK(lint("-export([f/1]).\nf(X) -> case X of Y + 1 -> Y end.\n") ==
              "3:21: illegal pattern\n3:28: variable 'Y' is unbound\n");
        CHECK(lint("-export([f/1]).\nf(e(X)) -> X.\n") == "3:4: syntax error before: '('\n"
                                                          "2:2: function f/1 undefined\n");
    }

    TEST_CASE("warnings") {
        CHECK(lint("-export([f/1]).\nf(X) -> Y = 1, _Z = 2, ok.\n") ==
              "3:3: warning: variable 'X' is unused\n3:9: warning: variable 'Y' is unused\n");
        CHECK(lint("-export([f/1]).\nf(X) -> fun(X) -> X end.\n") ==
              "3:13: warning: variable 'X' shadowed in 'fun'\n3:3: warning: variable 'X' is "
              "unused\n");
    }
}
