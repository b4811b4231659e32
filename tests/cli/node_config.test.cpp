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
