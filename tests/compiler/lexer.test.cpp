#include "lexer.h"

#include <doctest/doctest.h>

using namespace pfun::compiler;

namespace {

std::vector<Token> lexOk(const std::string& src) {
    Diagnostics d("t.erl", src);
    auto toks = lex(src, d);
    REQUIRE_MESSAGE(!d.hasErrors(), d.render());
    return toks;
}

std::string lexErrors(const std::string& src) {
    Diagnostics d("t.erl", src);
    lex(src, d);
    std::string out;
    for (const auto& it : d.items())
        out += std::to_string(it.loc.line) + ":" + std::to_string(it.loc.col) + ": " + it.message +
               "\n";
    return out;
}

// Every token's spelling/value, space-separated, for compact comparisons.
std::string show(const std::vector<Token>& toks) {
    std::string out;
    for (const Token& t : toks) {
        if (!out.empty()) out += ' ';
        switch (t.kind) {
        case TokKind::Atom: out += "a:" + t.text; break;
        case TokKind::Var: out += "v:" + t.text; break;
        case TokKind::Integer:
            out += "i:" + (t.bigValue.empty() ? std::to_string(t.intValue) : t.bigValue);
            break;
        case TokKind::Float: out += "f:" + std::to_string(t.floatValue); break;
        case TokKind::Char: out += "c:" + std::to_string(t.intValue); break;
        case TokKind::String: {
            out += "s:";
            for (char32_t c : t.str)
                out += std::to_string(unsigned(c)) + ",";
            break;
        }
        case TokKind::Punct: out += t.text; break;
        case TokKind::Keyword: out += "k:" + t.text; break;
        case TokKind::Dot: out += "<dot>"; break;
        case TokKind::Error: out += "<error>"; break;
        case TokKind::Eof: out += "<eof>"; break;
        }
    }
    return out;
}

} // namespace

TEST_SUITE("lexer") {
    TEST_CASE("atoms, variables and keywords") {
        CHECK(show(lexOk("foo Bar _ _x 'hello world' 'a\\'b' case pfun fun andalso x@y")) ==
              "a:foo v:Bar v:_ v:_x a:hello world a:a'b k:case k:pfun k:fun k:andalso a:x@y <eof>");
    }

    TEST_CASE("integers") {
        CHECK(show(lexOk("0 42 16#FF 2#1010 36#zz 1_000 16#ff_ff")) ==
              "i:0 i:42 i:255 i:10 i:1295 i:1000 i:65535 <eof>");
        CHECK(show(lexOk("18446744073709551616 9223372036854775807 16#FFFFFFFFFFFFFFFFFF")) ==
              "i:18446744073709551616 i:9223372036854775807 i:4722366482869645213695 <eof>");
        CHECK(lexErrors("16#ZZ") == "1:1: illegal integer\n");
        CHECK(lexErrors("37#1") == "1:1: illegal base '37'\n");
    }

    TEST_CASE("floats") {
        auto toks = lexOk("1.0 1.5e3 2.5E-2 1.0e+2");
        CHECK(toks[0].floatValue == 1.0);
        CHECK(toks[1].floatValue == 1500.0);
        CHECK(toks[2].floatValue == 0.025);
        CHECK(toks[3].floatValue == 100.0);
        CHECK(lexErrors("1.0e") == "1:1: illegal float\n");
        // `1.` followed by a non-digit is the integer 1 and a dot.
        CHECK(show(lexOk("X = 1.\n")) == "v:X = i:1 <dot> <eof>");
    }

    TEST_CASE("characters and escapes") {
        CHECK(show(lexOk("$a $\\n $\\t $\\\\ $\\x{41} $\\101 $\\^A $\\s $\\e $\\d $ ")) ==
              "c:97 c:10 c:9 c:92 c:65 c:65 c:1 c:32 c:27 c:127 c:32 <eof>");
        CHECK(show(lexOk("\"a\\nb\\x41\\x{1F600}\\q\\\"\"")) ==
              "s:97,10,98,65,128512,113,34, <eof>");
        CHECK(lexErrors("$") == "1:1: unterminated character\n");
    }

    TEST_CASE("strings are code points and stay separate tokens") {
        CHECK(show(lexOk("\"h\xc3\xa9\" \"b\"")) == "s:104,233, s:98, <eof>");
    }

    TEST_CASE("operators: longest match") {
        CHECK(show(lexOk(
                  "-> => := || <- <= << >> ++ -- =:= =/= == /= =< >= ! # ? .. ... :: | ; :")) ==
              "-> => := || <- <= << >> ++ -- =:= =/= == /= =< >= ! # ? .. ... :: | ; : <eof>");
        CHECK(show(lexOk("A=<B")) == "v:A =< v:B <eof>");
        CHECK(show(lexOk("R#r.f")) == "v:R # a:r . a:f <eof>");
    }

    TEST_CASE("comments and the end-of-form dot") {
        CHECK(show(lexOk("a. % comment\nb.%x\nc.")) == "a:a <dot> a:b <dot> a:c <dot> <eof>");
    }

    TEST_CASE("line and column, counting code points and tabs as one") {
        auto toks = lexOk("f() ->\n\t\"\xc3\xa9\" + X.");
        REQUIRE(toks.size() == 9);
        CHECK(toks[3].loc.line == 1);
        CHECK(toks[3].loc.col == 5);
        CHECK(toks[4].loc.line == 2);
        CHECK(toks[4].loc.col == 2);
        CHECK(toks[5].loc.col == 6); // '+' after a 3-column string holding 'é'
        CHECK(toks[6].loc.col == 8);
        CHECK(toks[4].begin == 8);
        CHECK(toks[4].end == 12);
    }

    TEST_CASE("unterminated literals and stray characters") {
        CHECK(lexErrors("f() -> \"abc\n") == "1:8: unterminated string starting with \"abc\\n\"\n");
        CHECK(lexErrors("'abc") == "1:1: unterminated atom starting with 'abc'\n");
        CHECK(show(lexOk("a \x01 b ` c")) == "a:a a:b ` a:c <eof>");
    }
}
