#include "pfun/compiler/erlang_builtins.h"

#include <doctest/doctest.h>

using namespace pfun::compiler;

TEST_SUITE("erlang_builtins") {
    TEST_CASE("auto-imported BIFs follow erl_internal:bif/2") {
        CHECK(isAutoImported("abs", 1));
        CHECK(isAutoImported("element", 2));
        CHECK(isAutoImported("spawn", 4));
        CHECK(isAutoImported("whereis", 1));
        CHECK(isAutoImported("length", 1));
        CHECK_FALSE(isAutoImported("length", 2));
        CHECK_FALSE(isAutoImported("append", 2));
        CHECK_FALSE(isAutoImported("", 0));
    }

    TEST_CASE("guard BIFs include type tests") {
        CHECK(isGuardBif("is_integer", 1));
        CHECK(isGuardBif("element", 2));
        CHECK(isGuardBif("map_get", 2));
        CHECK(isGuardBif("self", 0));
        CHECK_FALSE(isGuardBif("put", 2));
        CHECK_FALSE(isGuardBif("atom_to_list", 1));
        CHECK(isTypeTest("is_function", 2));
        CHECK(isTypeTest("is_record", 3));
        CHECK_FALSE(isTypeTest("length", 1));
    }

    TEST_CASE("operator families") {
        CHECK(isArithOp("+", 1));
        CHECK(isArithOp("bsl", 2));
        CHECK_FALSE(isArithOp("bnot", 2));
        CHECK(isBoolOp("not", 1));
        CHECK(isBoolOp("xor", 2));
        CHECK_FALSE(isBoolOp("andalso", 2));
        CHECK(isCompOp("=/=", 2));
        CHECK(isCompOp("=<", 2));
        CHECK_FALSE(isCompOp("<=", 2));
        CHECK(isListOp("--", 2));
    }
}
