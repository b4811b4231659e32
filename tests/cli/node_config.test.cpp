// readNodeConfig (cli/node_setup.h): the keys of a node's TOML config file, flags
// winning over the file, and strictness (an unknown key is an error with its place).
#include "node_setup.h"
#include "run_helpers.h"

#include <doctest/doctest.h>

#include <string>

using pfun::cli::NodeFlags;
using pfun::cli::readNodeConfig;

TEST_CASE("node config: policy and code_cache keys; flags win") {
    pfun::testing::TempDir dir;
    std::string file = dir.write("node.toml", "name = \"a@127.0.0.1:0\"\n"
                                              "secret_file = \"s\"\n"
                                              "policy = \"p.toml\"\n"
                                              "code_cache = \"cache\"\n"
                                              "connect = [\"b@127.0.0.1:1\"]\n");
    NodeFlags flags;
    std::string error;
    REQUIRE(readNodeConfig(file, flags, &error));
    CHECK(flags.name == "a@127.0.0.1:0");
    CHECK(flags.policyFile == "p.toml");
    CHECK(flags.codeCache == "cache");
    REQUIRE(flags.connect.size() == 1);

    NodeFlags given;
    given.policyFile = "flag.toml";
    given.codeCache = "flagdir";
    REQUIRE(readNodeConfig(file, given, &error));
    CHECK(given.policyFile == "flag.toml");
    CHECK(given.codeCache == "flagdir");
}

TEST_CASE("node config: an unknown key or a wrong type is an error") {
    pfun::testing::TempDir dir;
    NodeFlags flags;
    std::string error;
    std::string typo = dir.write("typo.toml", "name = \"a@127.0.0.1:0\"\n  polcy = \"p.toml\"\n");
    CHECK_FALSE(readNodeConfig(typo, flags, &error));
    CHECK(error.find("typo.toml:2:3: error: unknown key 'polcy'") != std::string::npos);

    std::string wrong = dir.write("wrong.toml", "policy = 3\n");
    CHECK_FALSE(readNodeConfig(wrong, flags, &error));
    CHECK(error.find("'policy' must be a string") != std::string::npos);
}

TEST_CASE("node config: busy_limit_bytes, 0 included, and --busy-limit winning") {
    pfun::testing::TempDir dir;
    std::string error;
    NodeFlags unset;
    REQUIRE(readNodeConfig(dir.write("none.toml", "name = \"a@127.0.0.1:0\"\n"), unset, &error));
    CHECK(unset.busyLimitBytes == -1); // the node's default then
    NodeFlags off;
    REQUIRE(readNodeConfig(dir.write("off.toml", "busy_limit_bytes = 0\n"), off, &error));
    CHECK(off.busyLimitBytes == 0);
    std::string file = dir.write("set.toml", "busy_limit_bytes = 65536\n");
    NodeFlags fromFile;
    REQUIRE(readNodeConfig(file, fromFile, &error));
    CHECK(fromFile.busyLimitBytes == 65536);
    NodeFlags given;
    std::vector<std::string> raw{"--busy-limit", "4096"};
    size_t i = 0;
    REQUIRE(pfun::cli::takeNodeFlag(raw, i, given));
    REQUIRE(readNodeConfig(file, given, &error));
    CHECK(given.busyLimitBytes == 4096);
    CHECK_FALSE(readNodeConfig(dir.write("neg.toml", "busy_limit_bytes = -1\n"), given, &error));
    CHECK(error.find("'busy_limit_bytes' must be a non-negative integer") != std::string::npos);
}

TEST_CASE("node config: busy_wait_us from the file, --busy-wait-us winning") {
    pfun::testing::TempDir dir;
    std::string error;
    NodeFlags unset;
    REQUIRE(readNodeConfig(dir.write("none.toml", "name = \"a@127.0.0.1:0\"\n"), unset, &error));
    CHECK(unset.busyWaitUs == -1); // the node's default then
    std::string file = dir.write("set.toml", "busy_wait_us = 0\n");
    NodeFlags fromFile;
    REQUIRE(readNodeConfig(file, fromFile, &error));
    CHECK(fromFile.busyWaitUs == 0);
    NodeFlags given;
    std::vector<std::string> raw{"--busy-wait-us", "200"};
    size_t i = 0;
    REQUIRE(pfun::cli::takeNodeFlag(raw, i, given));
    REQUIRE(readNodeConfig(file, given, &error));
    CHECK(given.busyWaitUs == 200);
    CHECK_FALSE(readNodeConfig(dir.write("neg.toml", "busy_wait_us = -5\n"), given, &error));
    CHECK(error.find("'busy_wait_us' must be a non-negative integer") != std::string::npos);
}
