#include "pfun/compiler/ast_print.h"
#include "pfun/compiler/frontend.h"

#include <doctest/doctest.h>

using namespace pfun::compiler;

namespace {

// Parses `src` and returns the printed AST of the function `f` (all of its clauses).
std::string parseFn(const std::string& body, std::string* errors = nullptr) {
    std::string src = "-module(m).\n" + body;
    Diagnostics d("m.erl", src);
    auto m = parseModule(src, "m.erl", d);
    if (errors) {
        for (const auto& it : d.items())
            *errors += std::to_string(it.loc.line) + ":" + std::to_string(it.loc.col) + ": " +
                       it.message + "\n";
    } else {
        REQUIRE_MESSAGE(!d.hasErrors(), d.render());
    }
    if (!m || m->functions.empty()) return "";
    std::string all = printAst(*m);
    size_t at = all.find("(function");
    std::string out = all.substr(at);
    return out.substr(0, out.size() - 2); // drop the module's ")\n"
}

std::string parseE(const std::string& expr) {
    std::string s = parseFn("f() -> " + expr + ".\n");
    std::string prefix = "(function f/0 (clause () -> ";
    REQUIRE(s.rfind(prefix, 0) == 0);
    return s.substr(prefix.size(), s.size() - prefix.size() - 2);
}

std::string parseErrors(const std::string& body) {
    std::string errs;
    parseFn(body, &errs);
    return errs;
}

} // namespace

TEST_SUITE("parser") {
    TEST_CASE("module attributes") {
        std::string src = "-module(m).\n-export([f/1, g/0]).\n-import(lists, [map/2]).\n"
                          "-compile(export_all).\n-spec f(integer()) -> ok | {error, term()}.\n"
                          "-type t() :: #{a => [1..10]}.\n-vsn(\"1\").\nf(X) -> X.\ng() -> ok.\n";
        Diagnostics d("m.erl", src);
        auto m = parseModule(src, "m.erl", d);
        REQUIRE(m);
        CHECK_FALSE(d.hasErrors());
        CHECK(m->name == "m");
        CHECK_FALSE(m->isScript);
        CHECK(m->exportAll);
        REQUIRE(m->exports.size() == 2);
        CHECK(m->exports[1].name == "g");
        REQUIRE(m->imports.size() == 1);
        CHECK(m->imports[0].module == "lists");
        CHECK(m->imports[0].function.arity == 2);
        REQUIRE(m->functions.size() == 2);
        CHECK(m->otherAttributes.size() == 3);
        const Function& f = m->functions[0];
        CHECK(src.substr(f.sourceBegin, f.sourceEnd - f.sourceBegin) == "f(X) -> X.");
    }

    TEST_CASE("a file without -module is a script named after the file") {
        std::string src = "#!/usr/bin/env escript\nmain(_) -> ok.\n";
        Diagnostics d("dir/hello.erl", src);
        auto m = parseModule(src, "dir/hello.erl", d);
        REQUIRE(m);
        CHECK_FALSE(d.hasErrors());
        CHECK(m->isScript);
        CHECK(m->name == "hello");
        CHECK(m->functions.at(0).loc.line == 2);
    }

    TEST_CASE("operator precedence and associativity") {
        CHECK(parseE("1 + 2 * 3") == "(+ 1 (* 2 3))");
        CHECK(parseE("1 - 2 - 3") == "(- (- 1 2) 3)");
        CHECK(parseE("A ++ B ++ C") == "(++ A (++ B C))");
        CHECK(parseE("A = B = 1") == "(= A (= B 1))");
        CHECK(parseE("A ! B ! c") == "(! A (! B c))");
        CHECK(parseE("a orelse b andalso c") == "(orelse a (andalso b c))");
        CHECK(parseE("a andalso b andalso c") == "(andalso a (andalso b c))");
        CHECK(parseE("A == B + 1") == "(== A (+ B 1))");
        CHECK(parseE("A < B orelse C") == "(orelse (< A B) C)");
        CHECK(parseE("not A and B") == "(and (not A) B)");
        CHECK(parseE("- A * B") == "(* (- A) B)");
        CHECK(parseE("-1") == "-1");
        CHECK(parseE("catch A = 1") == "(catch (= A 1))");
        CHECK(parseE("A = catch 1") == "(= A (catch 1))");
        CHECK(parseE("- X#{a => 1}") == "(- (map-update X (=> a 1)))");
        CHECK(parseE("A band B bor C") == "(bor (band A B) C)");
        CHECK(parseE("X = A ++ B + 1") == "(= X (++ A (+ B 1)))");
        CHECK(parseE("A div B rem C") == "(rem (div A B) C)");
        CHECK(parseE("m:f(1) + 2") == "(+ (call (: m f) 1) 2)");
        CHECK(parseE("M#{a => 1}#{b := 2}") == "(map-update (map-update M (=> a 1)) (:= b 2))");
    }

    TEST_CASE("comparison is non-associative") {
        CHECK(parseErrors("f() -> 1 < 2 < 3.\n") == "2:14: syntax error before: '<'\n");
    }

    TEST_CASE("literals") {
        CHECK(parseE("\"a\" \"b\"") == "\"ab\"");
        CHECK(parseE("[]") == "[]");
        CHECK(parseE("[1, 2 | T]") == "(cons 1 (cons 2 T))");
        CHECK(parseE("{}") == "(tuple)");
        CHECK(parseE("$a") == "$a");
        CHECK(parseE("16#ff") == "255");
        CHECK(parseE("123456789012345678901234567890") == "123456789012345678901234567890");
        CHECK(parseE("-123456789012345678901234567890") == "-123456789012345678901234567890");
        CHECK(parseE("'hello world'") == "'hello world'");
        CHECK(parseE("#{}") == "(map)");
    }

    TEST_CASE("calls and funs") {
        CHECK(parseE("f(1, 2)") == "(call f 1 2)");
        CHECK(parseE("F(1)") == "(call F 1)");
        CHECK(parseE("M:F(1)") == "(call (: M F) 1)");
        CHECK(parseE("(fun() -> ok end)()") == "(call (fun (clause () -> ok)))");
        CHECK(parseE("fun f/2") == "(fun-ref f/2)");
        CHECK(parseE("fun m:f/2") == "(fun-ref m f 2)");
        CHECK(parseE("fun M:F/A") == "(fun-ref M F A)");
        CHECK(parseE("pfun m:f/2") == "(pfun-ref m f 2)");
        CHECK(parseE("pfun f/0") == "(pfun-ref f/0)");
        CHECK(parseE("pfun (X) -> X end") == "(pfun (clause (X) -> X))");
        CHECK(parseE("fun (X) when X > 0 -> 1; (_) -> 0 end") ==
              "(fun (clause (X) when ((> X 0)) -> 1) (clause (_) -> 0))");
        CHECK(parseE("fun L(0) -> 0; L(N) -> L(N - 1) end") ==
              "(fun L (clause (0) -> 0) (clause (N) -> (call L (- N 1))))");
    }

    TEST_CASE("control forms") {
        CHECK(parseE("case X of {a, Y} when Y > 1; Y < 0 -> Y; _ -> 0 end") ==
              "(case X (clause ((tuple a Y)) when ((> Y 1)) ((< Y 0)) -> Y) (clause (_) -> 0))");
        CHECK(parseE("if X -> 1; true -> 2 end") ==
              "(if (clause () when (X) -> 1) (clause () when (true) -> 2))");
        CHECK(parseE("receive X -> X after 10 -> a, b end") ==
              "(receive (clause (X) -> X) (after 10 a b))");
        CHECK(parseE("receive after 0 -> ok end") == "(receive (after 0 ok))");
        CHECK(parseE("begin a, b end") == "(begin a b)");
        CHECK(parseE("try a of X -> X catch E -> E; error:R:S -> S; C:R -> R after z end") ==
              "(try a (of (clause (X) -> X)) (catch (clause (throw E _null) -> E) (clause (error R "
              "S) -> S) (clause (C R _null) -> R)) (after z))");
        CHECK(parseE("try a after b end") == "(try a (after b))");
    }

    TEST_CASE("comprehensions, binaries and maps") {
        CHECK(parseE("[X * 2 || X <- L, X > 1, {Y} <- M]") ==
              "(lc (* X 2) (<- X L) (> X 1) (<- (tuple Y) M))");
        CHECK(parseE("<< <<B>> || <<B:4>> <= Bin >>") ==
              "(bc (bin (seg B)) (<= (bin (seg B :4)) Bin))");
        CHECK(parseE("<<X:8/little-signed-integer, Rest/binary, \"ab\", 1.5/float, -1:16, "
                     "Y:N/unit:8>>") ==
              "(bin (seg X :8 /little /signed /integer) (seg Rest /binary) (seg \"ab\") (seg 1.5 "
              "/float) (seg -1 :16) (seg Y :N /unit:8))");
        CHECK(parseE("#{a => 1, {b} => [2]}") == "(map (=> a 1) (=> (tuple b) (cons 2 [])))");
        CHECK(parseE("M#{a := 1}") == "(map-update M (:= a 1))");
    }

    TEST_CASE("records are desugared into tuples") {
        std::string pre = "-record(r, {a = 1, b, c = x}).\n";
        CHECK(parseFn(pre + "f() -> #r{b = 2}.\n") ==
              "(function f/0 (clause () -> (tuple r 1 2 x)))");
        CHECK(parseFn(pre + "f(#r{a = A}) -> A.\n") ==
              "(function f/1 (clause ((tuple r A _ _)) -> A))");
        CHECK(parseFn(pre + "f(R) -> R#r.b.\n") ==
              "(function f/1 (clause (R) -> (call (: erlang element) 3 R)))");
        CHECK(parseFn(pre + "f(R) -> R#r{c = 3}.\n") ==
              "(function f/1 (clause (R) -> (call (: erlang setelement) 4 R 3)))");
        CHECK(parseFn(pre + "f() -> #r.c.\n") == "(function f/0 (clause () -> 4))");
        CHECK(parseFn(pre + "f(X) -> #r{a = Y} = X, Y.\n") ==
              "(function f/1 (clause (X) -> (= (tuple r Y _ _) X) Y))");
        CHECK(parseFn(pre + "f() -> #r{_ = 0}.\n") ==
              "(function f/0 (clause () -> (tuple r 0 0 0)))");
        CHECK(parseErrors(pre + "f() -> #q{}.\n") == "3:8: record q undefined\n");
        CHECK(parseErrors(pre + "f() -> #r{z = 1}.\n") == "3:11: field z undefined in record r\n");
    }

    TEST_CASE("syntax errors recover at the next form") {
        std::string errs =
            parseErrors("f() -> (.\ng() -> ok.\nh() -> 1 2.\nk(X) -> X;\nj() -> 1.\n");
        CHECK(errs == "2:9: syntax error before: '.'\n4:10: syntax error before: 2\n"
                      "6:1: head mismatch\n");
    }

    TEST_CASE("deep nesting is a clean error") {
        std::string deep(100000, '(');
        std::string errs = parseErrors("f() -> " + deep + ".\n");
        CHECK(errs.find("nested too deeply") != std::string::npos);
        std::string longSum = "f() -> 1";
        for (int i = 0; i < 50000; ++i)
            longSum += "+1";
        errs = parseErrors(longSum + ".\n");
        CHECK(errs.find("nested too deeply") != std::string::npos);
        std::string longList = "f() -> [1";
        for (int i = 0; i < 50000; ++i)
            longList += ",1";
        errs = parseErrors(longList + "].\n");
        CHECK(errs.find("nested too deeply") != std::string::npos);
    }

    TEST_CASE("shell expressions") {
        std::string src = "X = 1, Y = X + 1.";
        Diagnostics d("shell", src);
        auto es = parseExpressions(src, d);
        REQUIRE(es);
        REQUIRE(es->size() == 2);
        CHECK(printExpr(*(*es)[1]) == "(= Y (+ X 1))");
        std::string bad = "X = .";
        Diagnostics d2("shell", bad);
        CHECK_FALSE(parseExpressions(bad, d2));
        CHECK(d2.hasErrors());
    }
}
