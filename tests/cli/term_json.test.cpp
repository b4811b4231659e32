// termToJson (cli/term_json.h): the mapping of every kind of term, and the escaping
// of strings, which `pfun status --json` relies on to print valid JSON.
#include "term_json.h"
#include "result_command.h"

#include "pfun/vm/binary.h"
#include "pfun/vm/construct.h"
#include "pfun/vm/map.h"
#include "pfun/vm/number.h"
#include "pfun/vm/runtime.h"

#include <doctest/doctest.h>

#include <string>

using namespace pfun;
using vm::Term;

namespace {

struct Fixture {
    vm::Runtime rt;
    vm::Heap heap;
    Term atom(const char* s) { return rt.atom(s); }
    Term bin(std::string_view s) {
        return vm::makeBinary(heap, reinterpret_cast<const uint8_t*>(s.data()), s.size());
    }
    std::string json(Term t) { return cli::termToJson(rt, t); }
};

} // namespace

TEST_CASE("termToJson: numbers, atoms and the JSON literals") {
    Fixture f;
    CHECK(f.json(Term::makeSmall(-42)) == "-42");
    CHECK(f.json(vm::makeIntegerU(f.heap, 18446744073709551615ull)) == "18446744073709551615");
    CHECK(f.json(vm::makeFloat(f.heap, 1.5)) == "1.5");
    CHECK(f.json(vm::makeFloat(f.heap, 1e300)) == "1.0e300");
    CHECK(f.json(f.atom("true")) == "true");
    CHECK(f.json(f.atom("false")) == "false");
    CHECK(f.json(f.atom("null")) == "null");
    CHECK(f.json(f.atom("undefined")) == "\"undefined\"");
    CHECK(f.json(f.atom("n@127.0.0.1:4370")) == "\"n@127.0.0.1:4370\"");
}

TEST_CASE("termToJson: strings are escaped as RFC 8259 requires") {
    Fixture f;
    CHECK(f.json(f.bin("a\"b\\c")) == R"("a\"b\\c")");
    CHECK(f.json(f.bin("line\nnext\ttab\r\b\f")) == R"("line\nnext\ttab\r\b\f")");
    CHECK(f.json(f.bin(std::string("\x01\x1f", 2))) == R"("\u0001\u001f")");
    CHECK(f.json(f.bin("h\xc3\xa9")) == "\"h\xc3\xa9\""); // UTF-8 passes through
    CHECK(f.json(f.atom("it's \"q\"")) == R"("it's \"q\"")");
    CHECK(cli::jsonString("/") == "\"/\"");
}

TEST_CASE("termToJson: binaries that are not UTF-8 text, and bitstrings, become hex") {
    Fixture f;
    CHECK(f.json(f.bin(std::string("\xff\x00\x10", 3))) == R"({"hex":"ff0010"})");
    CHECK(f.json(f.bin("\xc0\xaf")) == R"({"hex":"c0af"})");       // overlong '/'
    CHECK(f.json(f.bin("\xed\xa0\x80")) == R"({"hex":"eda080"})"); // a surrogate
    CHECK(f.json(f.bin("")) == R"("")");
    Term bits = vm::makeBitstring(f.heap, reinterpret_cast<const uint8_t*>("\xa5\xc0"), 0, 10);
    CHECK(f.json(bits) == R"({"hex":"a5c0","bits":10})");
}

TEST_CASE("termToJson: lists, strings, tuples, improper lists") {
    Fixture f;
    CHECK(f.json(Term::nil()) == "[]");
    CHECK(f.json(vm::makeList(f.heap, {Term::makeSmall(1), f.atom("a")})) == R"([1,"a"])");
    CHECK(f.json(vm::makeStringList(f.heap, "hi \"x\"\n")) == R"("hi \"x\"\n")");
    CHECK(f.json(vm::makeCharListFromUtf8(f.heap, "\xe2\x82\xac")) == "\"\xe2\x82\xac\"");
    // Not printable: a list of numbers.
    CHECK(f.json(vm::makeList(f.heap, {Term::makeSmall(1), Term::makeSmall(200000000)})) ==
          "[1,200000000]");
    CHECK(f.json(vm::makeTuple(f.heap, {f.atom("ok"), Term::makeSmall(3)})) == R"(["ok",3])");
    CHECK(f.json(vm::makeTuple(f.heap, {})) == "[]");
    CHECK(f.json(vm::makeCons(f.heap, Term::makeSmall(1), Term::makeSmall(2))) ==
          R"({"list":[1],"tail":2})");
}

TEST_CASE("termToJson: maps become objects, other keys as their ~w text") {
    Fixture f;
    Term keys[] = {f.atom("b"), f.atom("a")};
    Term values[] = {Term::makeSmall(2), vm::mapEmpty(f.heap)};
    Term m = vm::mapNew(f.heap, keys, values, f.rt.atoms());
    CHECK(f.json(m) == R"({"a":{},"b":2})");
    Term k2[] = {vm::makeTuple(f.heap, {Term::makeSmall(1), f.atom("x")}), f.bin("q\"")};
    Term v2[] = {f.atom("true"), Term::nil()};
    Term m2 = vm::mapNew(f.heap, k2, v2, f.rt.atoms());
    std::string j = f.json(m2);
    CHECK(j.find(R"("{1,x}":true)") != std::string::npos);
    CHECK(j.find(R"("q\"":[])") != std::string::npos);
    CHECK(f.json(Term::makeLocalPid(7)) == R"("<0.7.0>")");
}

TEST_CASE("parseOwnPid: pids as a node prints its own") {
    CHECK(cli::parseOwnPid("<0.42.0>") == 42u);
    CHECK(cli::parseOwnPid("0.42.0") == 42u);
    CHECK(cli::parseOwnPid("<0.1.2>") == 1u + (2ull << 32));
    CHECK_FALSE(cli::parseOwnPid("<1.42.0>"));
    CHECK_FALSE(cli::parseOwnPid("<0.42>"));
    CHECK_FALSE(cli::parseOwnPid("<0.x.0>"));
    CHECK_FALSE(cli::parseOwnPid("<0.-1.0>"));
    CHECK_FALSE(cli::parseOwnPid(""));
    CHECK_FALSE(cli::parseOwnPid("<0.99999999999999999999.0>"));
}
