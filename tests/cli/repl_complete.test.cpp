#include "repl_complete.h"
#include "repl_session.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using pfun::cli::ReplCompleter;
using pfun::cli::ReplSession;

namespace {

bool has(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

// A scratch directory on the code path holding one module.
struct CodeDir {
    std::filesystem::path dir;
    CodeDir() {
        dir = std::filesystem::temp_directory_path() /
              ("pfun_complete_" + std::to_string(reinterpret_cast<uintptr_t>(this)));
        std::filesystem::create_directories(dir);
        std::ofstream(dir / "cmpl_mod.erl") << "-module(cmpl_mod).\n"
                                               "-export([alpha/0, alpha/1, beta/2]).\n"
                                               "alpha() -> 1.\nalpha(X) -> X.\n"
                                               "beta(X, Y) -> {X, Y}.\nhidden() -> ok.\n";
    }
    ~CodeDir() {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
};

} // namespace

TEST_SUITE("repl completion") {
    TEST_CASE("a module prefix completes to module names with a colon") {
        ReplSession session({});
        ReplCompleter c(session.runtime(), {});
        auto r = c.complete("lis");
        CHECK(has(r, "lists:"));
        CHECK(std::all_of(r.begin(), r.end(),
                          [](const std::string& s) { return s.rfind("lis", 0) == 0; }));
        CHECK(has(c.complete("er"), "erlang:")); // BIF-only module
        CHECK(has(c.complete("io"), "io_lib:"));
        CHECK(c.complete("no_such_module_prefix_").empty());
        auto all = c.complete("");
        CHECK(std::is_sorted(all.begin(), all.end()));
        CHECK(std::adjacent_find(all.begin(), all.end()) == all.end());
    }

    TEST_CASE("module:prefix completes to the module's exported functions") {
        ReplSession session({});
        ReplCompleter c(session.runtime(), {});
        auto r = c.complete("lists:so");
        CHECK(has(r, "lists:sort("));
        CHECK_FALSE(has(r, "lists:map("));
        CHECK(has(c.complete("lists:"), "lists:map("));
        CHECK(has(c.complete("erlang:atom_to"), "erlang:atom_to_list("));
        CHECK(c.complete("nosuchmod:f").empty());
        CHECK(c.complete("lists:zzz_nothing").empty());
    }

    TEST_CASE("modules on the code path are found and loaded for their exports") {
        CodeDir code;
        ReplSession session({code.dir});
        ReplCompleter c(session.runtime(), session.codePath());
        CHECK(has(c.complete("cmpl"), "cmpl_mod:"));
        auto fs = c.complete("cmpl_mod:");
        CHECK(has(fs, "cmpl_mod:alpha("));
        CHECK(has(fs, "cmpl_mod:beta("));
        CHECK(has(fs, "cmpl_mod:module_info("));
        CHECK_FALSE(has(fs, "cmpl_mod:hidden("));
        CHECK(std::count(fs.begin(), fs.end(), "cmpl_mod:alpha(") == 1); // two arities, one name
    }
}
