// The `pfun` forms through the front end and code generation: lint treats them as
// funs, `pfun (...) -> ... end` makes a portable lambda that keeps its source range,
// `pfun Name/Arity` and `pfun M:F/A` ask the runtime for a fun rooted at the function.
#include "codegen_support.h"

#include "lint_support.h"

#include <doctest/doctest.h>

using namespace pfun;
using namespace pfun::compiler;
using namespace pfun::compiler::testing;

TEST_SUITE("pfun") {
    TEST_CASE("lint checks pfun bodies as fun bodies") {
        CHECK(lint("f() -> pfun(X) -> X + Y end.\n") == "3:23: variable 'Y' is unbound\n");
        CHECK(lint("f() -> pfun(X, Z) -> X end.\n") == "3:16: warning: variable 'Z' is unused\n");
        CHECK(lint("f(Y) -> pfun F(0) -> Y; F(N) -> F(N - 1) end.\n") == "");
        CHECK(lint("f(Y) -> pfun(a) -> Y; (b, c) -> Y end.\n").find("head mismatch") !=
              std::string::npos);
        CHECK(lint("f() -> [pfun g/1, pfun m:g/1, pfun M:F/A].\ng(X) -> X.\n") ==
              "3:36: variable 'M' is unbound\n3:38: variable 'F' is unbound\n"
              "3:40: variable 'A' is unbound\n");
    }

    TEST_CASE("pfun Name/Arity needs a function of the module") {
        CHECK(lint("f() -> pfun nope/1.\n") == "3:8: function nope/1 undefined\n");
        CHECK(lint("f() -> pfun length/1.\n") ==
              "3:8: pfun length/1: a BIF cannot be the root of a portable function\n");
        CHECK(lint("f() -> fun length/1.\n") == ""); // plain funs may name BIFs
    }

    TEST_CASE("pfun (...) -> ... end is a portable lambda with its source range") {
        const std::string src = "-module(t).\n-export([f/1]).\n"
                                "f(N) -> {pfun(X) -> X + N end, fun(X) -> X end}.\n";
        Compiled c = compileText(src);
        REQUIRE(c.code);
        REQUIRE(c.code->lambdas.size() == 2);
        CHECK(c.code->lambdas[0]->portable);
        CHECK(c.code->lambdas[0]->numFree == 1);
        CHECK_FALSE(c.code->lambdas[1]->portable);
        const vm::FunctionCode& body = *c.code->lambdas[0]->code;
        CHECK(src.substr(body.sourceBegin, body.sourceEnd - body.sourceBegin) ==
              "pfun(X) -> X + N end");
        const std::string listing = disassemble(*c.code, c.rt->atoms());
        CHECK(listing.find("arity 1 free 1 portable\n") != std::string::npos);
        CHECK(listing.find("arity 1 free 0\n") != std::string::npos);
    }

    TEST_CASE("named and multi-clause pfuns are portable") {
        Compiled c = compileText("-module(t).\n-export([f/0]).\n"
                                 "f() -> {pfun F(0) -> 1; F(K) -> K * F(K - 1) end,\n"
                                 "        pfun(a) -> 1; (_) -> 2 end}.\n");
        REQUIRE(c.code);
        REQUIRE(c.code->lambdas.size() == 2);
        CHECK(c.code->lambdas[0]->portable);
        CHECK(c.code->lambdas[1]->portable);
    }

    TEST_CASE("pfun Name/Arity and pfun M:F/A are made by the runtime, not as wrappers") {
        Compiled c = compileText("-module(t).\n-export([f/1, g/1]).\n"
                                 "f(M) -> {pfun g/1, pfun t:g/1, pfun M:g/1, fun g/1}.\n"
                                 "g(X) -> X.\n");
        REQUIRE(c.code);
        // Only `fun g/1` makes a wrapper lambda; the pfun forms root at g/1 itself.
        REQUIRE(c.code->lambdas.size() == 1);
        CHECK_FALSE(c.code->lambdas[0]->portable);
        std::string listing = c.disasm("f", 1);
        CHECK(listing.find("'$make_pfun'/1") != std::string::npos);
        CHECK(listing.find("erlang:make_pfun/3") != std::string::npos);
    }

    TEST_CASE("pfun errors carry file:line:col") {
        Compiled c = compileText("-module(t).\n-export([f/0]).\nf() -> pfun(X) -> Y end.\n");
        CHECK(c.diagnostics.find("t.erl:3:19") != std::string::npos);
    }
}
