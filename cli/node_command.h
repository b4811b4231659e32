// `pfun node --name NAME --secret-file F [--config C.toml] [--schedulers N]
// [--connect NODE]... [--listen ADDR] [--tick-ms MS] [--policy P.toml]
// [--code-cache DIR]`: a node without a shell.
//
// Prints its name, its address and the command that connects a shell to it, then
// serves until SIGTERM or SIGINT, when it closes its connections and exits 0.
// SIGHUP re-reads the --policy file: a malformed one is logged (line, column, caret)
// and the policy in force stays; spawns already deciding keep the policy they read.
// Exit codes (DESIGN.md §7): 2 usage, 4 a --connect peer unreachable or refused,
// 6 a bad config, name, secret, policy file or code cache directory.
#pragma once

#include "node_setup.h"

#include <string>

namespace pfun::cli {

int runNode(NodeFlags flags, const std::string& configFile);

} // namespace pfun::cli
