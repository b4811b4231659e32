#include "pfun/compiler/diagnostics.h"

#include <doctest/doctest.h>

using namespace pfun::compiler;

TEST_SUITE("diagnostics") {
    TEST_CASE("render shows file:line:col, the line and a caret") {
        std::string src = "-module(m).\nf() -> X.\n";
        Diagnostics d("m.erl", src);
        d.error({2, 8}, "variable 'X' is unbound");
        CHECK(d.render() == "m.erl:2:8: error: variable 'X' is unbound\n  f() -> X.\n         ^\n");
    }

    TEST_CASE("several diagnostics come out sorted by position") {
        std::string src = "a\nb\n";
        Diagnostics d("x.erl", src);
        d.error({2, 1}, "second");
        d.warning({1, 1}, "first");
        std::string r = d.render();
        CHECK(r.find("first") < r.find("second"));
        CHECK(d.errorCount() == 1);
    }
}
