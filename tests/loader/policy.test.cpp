// The shipping policy: parsing (and its errors, located), rule order, globs, hash
// rules, and a reload that keeps the old policy when the new file is bad.
#include "pfun/loader/policy.h"

#include "policy_command.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

using namespace pfun::loader;

namespace {

std::string parseError(std::string_view text) {
    std::string error;
    auto p = Policy::parse(text, "p.toml", &error);
    CHECK_FALSE(p.has_value());
    return error;
}

const char* kSeedPolicy = R"([loading]
mode = "lazy"
prefetch_depth = 2
max_closure_bytes = 1048576

[[rule]]
match = "cpx_math:fac/*"
mode = "eager"

[[rule]]
match = "cpx_math:*"
mode = "lazy"
prefetch_depth = 0

[[rule]]
match = "secrets:*"
deny = true

[[rule]]
match = "hash:9a1c"
mode = "eager"
)";

} // namespace

TEST_SUITE("policy") {

    TEST_CASE("policy: defaults without a file") {
        Policy p;
        PolicyDecision d = p.decide("m", "f", 1);
        CHECK(d.mode == ShipMode::Lazy);
        CHECK(d.prefetchDepth == 1);
        CHECK_FALSE(d.deny);
        CHECK(d.rule == -1);
        CHECK(p.maxClosureBytes() == 16u << 20);
    }

    TEST_CASE("policy: the first matching rule decides, in file order") {
        std::string error;
        auto p = Policy::parse(kSeedPolicy, "seed.toml", &error);
        REQUIRE_MESSAGE(p.has_value(), error);
        CHECK(p->defaultMode() == ShipMode::Lazy);
        CHECK(p->prefetchDepth() == 2);
        CHECK(p->maxClosureBytes() == 1048576);
        REQUIRE(p->rules().size() == 4);
        CHECK(p->rules()[0].line == 6);

        PolicyDecision fac = p->decide("cpx_math", "fac", 1);
        CHECK(fac.mode == ShipMode::Eager);
        CHECK(fac.rule == 0);
        PolicyDecision fib = p->decide("cpx_math", "fib", 1);
        CHECK(fib.mode == ShipMode::Lazy);
        CHECK(fib.prefetchDepth == 0);
        CHECK(fib.rule == 1);
        CHECK(p->decide("secrets", "key", 0).deny);
        PolicyDecision other = p->decide("bsc_math", "add", 2);
        CHECK(other.rule == -1);
        CHECK(other.prefetchDepth == 2);
        // Hash rules match a prefix of the lowercase hex hash, and only when it is known.
        CHECK(p->decide("x", "y", 0, "9a1c20a6be16118c84d446a18546f238").rule == 3);
        CHECK(p->decide("x", "y", 0, "9a1d20a6be16118c84d446a18546f238").rule == -1);
        CHECK(p->decide("x", "y", 0).rule == -1);

        std::string why = p->explain("cpx_math", "fac", 1);
        CHECK(why.find("eager") != std::string::npos);
        CHECK(why.find("seed.toml:6") != std::string::npos);
        CHECK(p->explain("secrets", "key", 0).find("denied") != std::string::npos);
    }

    TEST_CASE("policy: globs") {
        CHECK(globMatch("cpx_math:*", "cpx_math:fac/1"));
        CHECK(globMatch("*:fac/1", "cpx_math:fac/1"));
        CHECK(globMatch("cpx_*:f?"
                        "?/1",
                        "cpx_math:fib/1"));
        CHECK_FALSE(globMatch("cpx_*:f?"
                              "?/1",
                              "cpx_math:fibs/1"));
        CHECK_FALSE(globMatch("cpx_math:*", "cpx_mat:fac/1"));
        CHECK(globMatch("*", ""));
        CHECK(globMatch("a*b*c", "aXbYbZc"));
        CHECK_FALSE(globMatch("a*b*c", "aXbYbZ"));
        // No exponential backtracking on a hostile pattern.
        CHECK_FALSE(globMatch("*a*a*a*a*a*a*a*a*a*a*b", std::string(5000, 'a')));
    }

    TEST_CASE("policy: errors carry file, line, column, the line and a caret") {
        std::string e = parseError("[loading]\nmode = \"lazzy\"\n");
        CHECK(e.rfind("p.toml:2:8: unknown mode \"lazzy\"", 0) == 0);
        CHECK(e.find("\n  mode = \"lazzy\"\n         ^\n") != std::string::npos);

        CHECK(parseError("[[rule]]\nmatch = \"x:*\"\nmod = \"eager\"\n")
                  .rfind("p.toml:3:1: unknown key \"mod\"", 0) == 0);
        CHECK(parseError("[loading]\nprefetch_depth = -1\n")
                  .rfind("p.toml:2:18: prefetch_depth", 0) == 0);
        CHECK(parseError("[loading]\nmax_closure_bytes = \"big\"\n").find("must be an integer") !=
              std::string::npos);
        CHECK(parseError("[loadin]\n").rfind("p.toml:1:2: unknown section", 0) == 0);
        CHECK(parseError("[[rule]]\nmode = \"eager\"\n")
                  .rfind("p.toml:1:1: a [[rule]] needs a match", 0) == 0);
        CHECK(parseError("[[rule]]\nmatch = \"a:*\"\ndeny = true\nmode = \"lazy\"\n")
                  .find("cannot also set a mode") != std::string::npos);
        CHECK(parseError("[[rule]]\nmatch = \"a:*\"\n")
                  .find("must set mode, deny or prefetch_depth") != std::string::npos);
        CHECK(parseError("[[rule]]\nmatch = \"hash:XYZ\"\nmode = \"eager\"\n")
                  .rfind("p.toml:2:9: a hash rule", 0) == 0);
        CHECK(parseError("[[rule]]\nmatch = \"a:*\ndeny = true\n").rfind("p.toml:2:", 0) ==
              0); // TOML syntax
        CHECK(parseError("rule = 3\n").find("[[rule]] tables") != std::string::npos);
    }

    TEST_CASE("policy: [accept] says which peers and roots a node runs, and its limits") {
        auto p = Policy::parse("[accept]\n"
                               "peers = [\"a@127.0.0.1:*\", \"b@*\"]\n"
                               "roots = [\"cpx_math:*\", \"hash:9a1c\"]\n"
                               "max_heap_words = 1000\n"
                               "max_mailbox = 10\n"
                               "max_reductions = 5000000\n"
                               "max_processes = 7\n",
                               "acc.toml", nullptr);
        REQUIRE(p.has_value());
        CHECK(p->acceptsPeer("a@127.0.0.1:4370"));
        CHECK(p->acceptsPeer("b@10.0.0.2:1"));
        std::string why;
        CHECK_FALSE(p->acceptsPeer("c@127.0.0.1:4370", &why));
        CHECK(why == "c@127.0.0.1:4370 is not among the peers accepted at acc.toml:2");
        CHECK(p->acceptsRoot("cpx_math", "fac", 1, "00ff"));
        CHECK(p->acceptsRoot("other", "f", 0, "9a1c0042"));
        CHECK_FALSE(p->acceptsRoot("other", "f", 0, "9a1d0042", &why));
        CHECK(why.find("other:f/0 (hash 9a1d0042) is not among the roots accepted at acc.toml:3") ==
              0);
        CHECK(p->accept().maxHeapWords == 1000);
        CHECK(p->accept().maxMailbox == 10);
        CHECK(p->accept().maxReductions == 5000000);
        CHECK(p->accept().maxProcesses == 7);
        CHECK(p->acceptsAnotherProcess(6));
        CHECK_FALSE(p->acceptsAnotherProcess(7, &why));
        CHECK(why == "7 processes spawned by peers are running, the most accepted at acc.toml:7");
        CHECK(p->acceptSummary() ==
              "accepts spawns from: a@127.0.0.1:*, b@*; roots: cpx_math:*, hash:9a1c; processes "
              "at once: 7; limits per process: heap 1000 words, mailbox 10, reductions 5000000");
        CHECK(p->explain("other", "f", 0, "9a1d").find("spawned here by a peer: refused") !=
              std::string::npos);

        // No [accept]: everything is accepted, no limits, nothing to summarise.
        Policy open;
        CHECK(open.acceptsPeer("anyone@anywhere:1"));
        CHECK(open.acceptsRoot("m", "f", 0, ""));
        CHECK(open.acceptSummary().empty());
        // An empty list accepts nothing.
        auto closed = Policy::parse("[accept]\npeers = []\n", "c.toml", nullptr);
        REQUIRE(closed.has_value());
        CHECK_FALSE(closed->acceptsPeer("a@127.0.0.1:1"));

        CHECK(parseError("[accept]\npeers = \"a@*\"\n")
                  .rfind("p.toml:2:9: peers must be a list of strings", 0) == 0);
        CHECK(
            parseError("[accept]\nroots = [\"hash:QQ\"]\n").rfind("p.toml:2:10: a hash rule", 0) ==
            0);
        CHECK(parseError("[accept]\nmax_mailbox = -1\n").rfind("p.toml:2:15: max_mailbox", 0) == 0);
        CHECK(parseError("[accept]\nmax_heap = 1\n")
                  .rfind("p.toml:2:1: unknown key \"max_heap\"", 0) == 0);
    }

    TEST_CASE("policy: a reload keeps the old policy when the new file is bad") {
        auto dir =
            std::filesystem::temp_directory_path() / ("pfun-policy-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir);
        std::string path = (dir / "policy.toml").string();
        std::ofstream(path) << "[loading]\nmode = \"eager\"\n";
        PolicyHolder holder;
        CHECK(holder.current()->defaultMode() == ShipMode::Lazy);
        std::string error;
        REQUIRE(holder.reload(path, &error));
        auto before = holder.current();
        CHECK(before->defaultMode() == ShipMode::Eager);
        std::ofstream(path, std::ios::trunc) << "[loading]\nmode = 7\n";
        CHECK_FALSE(holder.reload(path, &error));
        CHECK(error.find("policy.toml:2:8: mode must be a string") != std::string::npos);
        CHECK(holder.current() == before); // still the good one
        CHECK_FALSE(holder.reload((dir / "missing.toml").string(), &error));
        CHECK(error.find("cannot read") != std::string::npos);
        std::filesystem::remove_all(dir);
    }

    TEST_CASE("policy: pfun policy check and explain") {
        auto dir = std::filesystem::temp_directory_path() /
                   ("pfun-policy-cli-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir);
        std::string good = (dir / "good.toml").string(), bad = (dir / "bad.toml").string();
        std::ofstream(good) << kSeedPolicy;
        std::ofstream(bad) << "[loading]\nmode = \"fast\"\n";
        std::string out, err;
        pfun::cli::PolicyOptions o;
        o.out = [&](std::string_view s) { out += s; };
        o.err = [&](std::string_view s) { err += s; };
        o.file = good;
        CHECK(pfun::cli::policyCheck(o) == 0);
        CHECK(out.find("ok: 4 rules, default lazy, prefetch depth 2, closures up to 1 MiB") !=
              std::string::npos);
        o.file = bad;
        CHECK(pfun::cli::policyCheck(o) == 1);
        CHECK(err.find("bad.toml:2:8: unknown mode \"fast\"") != std::string::npos);
        out.clear();
        err.clear();
        o.file = good;
        o.targets = {"cpx_math:fac/1", "hash:9a1c00", "nonsense"};
        CHECK(pfun::cli::policyExplain(o) == 2);
        CHECK(out.find("cpx_math:fac/1: eager") != std::string::npos);
        CHECK(out.find("hash:9a1c00: eager") != std::string::npos);
        CHECK(err.find("\"nonsense\" is not Module:Function/Arity") != std::string::npos);
        std::filesystem::remove_all(dir);
    }

} // TEST_SUITE
