#include "pfun/compiler/ast_print.h"
#include "pfun/compiler/frontend.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

using namespace pfun::compiler;

namespace {

struct Result {
    std::string ast;
    std::string errors;
};

Result run(const std::string& src, const std::string& file = "m.erl") {
    Diagnostics d(file, src);
    auto m = parseModule(src, file, d);
    Result r;
    if (m) r.ast = printAst(*m);
    for (const auto& it : d.items())
        r.errors += std::to_string(it.loc.line) + ":" + std::to_string(it.loc.col) + ": " +
                    it.message + "\n";
    return r;
}

// The body of the only clause of f/0.
std::string bodyOf(std::string src) {
    if (src.back() != '\n') src += ".\n";
    Result r = run(src);
    REQUIRE_MESSAGE(r.errors.empty(), r.errors);
    std::string key = "(function f/0 (clause () -> ";
    size_t at = r.ast.find(key);
    REQUIRE(at != std::string::npos);
    std::string rest = r.ast.substr(at + key.size());
    return rest.substr(0, rest.size() - 4); // the clause's, function's and module's ")"
}

} // namespace

TEST_SUITE("preprocessor") {
    TEST_CASE("simple and parameterised macros") {
        CHECK(bodyOf("-module(m).\n-define(N, 42).\nf() -> ?N") == "42");
        CHECK(bodyOf("-module(m).\n-define(SQ(X), X * X).\nf() -> ?SQ(3 + 1)") ==
              "(+ (+ 3 (* 1 3)) 1)"); // tokens, not values
        CHECK(bodyOf("-module(m).\n-define(P(A, B), {A, B}).\nf() -> ?P([1, 2], {3, 4})") ==
              "(tuple (cons 1 (cons 2 [])) (tuple 3 4))");
        CHECK(bodyOf("-module(m).\n-define(F(X), X).\nf() -> ?F(fun(A, B) -> A end)") ==
              "(fun (clause (A B) -> A))");
        // Macros may use other macros, defined before or after them.
        CHECK(bodyOf("-module(m).\n-define(A, ?B + 1).\n-define(B, 2).\nf() -> ?A") == "(+ 2 1)");
        // Same name, different arities.
        CHECK(bodyOf("-module(m).\n-define(M, none).\n-define(M(X), {X}).\nf() -> {?M, ?M(1)}") ==
              "(tuple none (tuple 1))");
    }

    TEST_CASE("predefined macros") {
        CHECK(bodyOf("-module(mod).\nf() -> {?MODULE, ?MODULE_STRING, ?LINE}") ==
              "(tuple mod \"mod\" 2)");
        CHECK(bodyOf("-module(m).\nf() -> {?FUNCTION_NAME, ?FUNCTION_ARITY}") == "(tuple f 0)");
        CHECK(bodyOf("-module(m).\nf() -> ?FILE") == "\"m.erl\"");
    }

    TEST_CASE("conditional compilation") {
        std::string src = "-module(m).\n-define(DEBUG, true).\n"
                          "-ifdef(DEBUG).\nf() -> debug.\n-else.\nf() -> release.\n-endif.\n";
        CHECK(bodyOf(src) == "debug");
        CHECK(bodyOf("-module(m).\n-ifndef(X).\n-ifdef(Y).\nf() -> a.\n-else.\nf() -> b.\n"
                     "-endif.\n-else.\nf() -> c.\n-endif.\n") == "b");
        CHECK(bodyOf("-module(m).\n-define(X, 1).\n-undef(X).\n-ifdef(X).\nf() -> a.\n-else.\n"
                     "f() -> b.\n-endif.\n") == "b");
    }

    TEST_CASE("errors") {
        CHECK(run("-module(m).\nf() -> ?FOO.\n").errors == "2:9: undefined macro 'FOO'\n");
        CHECK(run("-module(m).\n-define(A, ?A).\nf() -> ?A.\n").errors ==
              "3:9: circular macro 'A'\n");
        CHECK(run("-module(m).\n-define(A(X), X).\nf() -> ?A(1, 2).\n").errors ==
              "3:9: argument mismatch for macro 'A'\n");
        CHECK(run("-module(m).\n-ifdef(X).\n").errors == "3:1: unterminated '-ifdef'\n");
        CHECK(run("-module(m).\n-endif.\n").errors == "2:2: unbalanced '-endif'\n");
        CHECK(run("-module(m).\n-define(A(X), 1).\n-define(A(Y), 2).\n").errors ==
              "3:9: redefining macro 'A'\n");
        CHECK(run("-module(m).\n-define(A(X, X), 1).\n").errors ==
              "2:14: argument 'X' already used\n");
        CHECK(run("-module(m).\n-define(A(X), X).\nf() -> ?A.\n").errors ==
              "3:9: argument mismatch for macro 'A'\n");
        CHECK(run("-module(m).\n-define(.\n").errors == "2:2: badly formed 'define'\n");
        // An expansion that would grow exponentially is cut off, not computed.
        std::string bomb = "-module(m).\n-define(A0, x).\n";
        for (int i = 1; i < 40; ++i)
            bomb += "-define(A" + std::to_string(i) + ", {?A" + std::to_string(i - 1) + ", ?A" +
                    std::to_string(i - 1) + "}).\n";
        bomb += "f() -> ?A39.\n";
        CHECK(run(bomb).errors == "42:9: macro expansion too large\n");
    }

    TEST_CASE("errors in expansions point at the macro use") {
        std::string src = "-module(m).\n-export([f/0]).\n-define(X, Y).\nf() ->   ?X.\n";
        Diagnostics d("m.erl", src);
        auto m = parseModule(src, "m.erl", d);
        REQUIRE(m);
        lintModule(*m, d);
        REQUIRE(d.items().size() == 1);
        CHECK(d.items()[0].loc.line == 4);
        CHECK(d.items()[0].loc.col == 11);
    }

    TEST_CASE("include files are found next to the including file") {
        namespace fs = std::filesystem;
        fs::path dir = fs::temp_directory_path() / "pfun_pp_include_test";
        fs::create_directories(dir);
        {
            std::ofstream h(dir / "defs.hrl");
            h << "-define(GREETING, hello).\n-record(pt, {x, y = 0}).\n";
        }
        std::string file = (dir / "m.erl").string();
        Result r =
            run("-module(m).\n-include(\"defs.hrl\").\nf() -> {?GREETING, #pt{x = 1}}.\n", file);
        CHECK(r.errors.empty());
        CHECK(r.ast.find("(tuple hello (tuple pt 1 0))") != std::string::npos);
        Result missing = run("-module(m).\n-include(\"nope.hrl\").\n", file);
        CHECK(missing.errors == "2:10: can't find include file \"nope.hrl\"\n");
        fs::remove_all(dir);
    }
}
