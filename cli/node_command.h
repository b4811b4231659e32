// `pfun node --name NAME --secret-file F [--config C.toml] [--schedulers N]
// [--connect NODE]... [--listen ADDR] [--tick-ms MS]`: a node without a shell.
//
// Prints its name, its address and the command that connects a shell to it, then
// serves until SIGTERM or SIGINT, when it closes its connections and exits 0.
// Exit codes (DESIGN.md §7): 2 usage, 4 a --connect peer unreachable or refused,
// 6 a bad config, name or secret.
#pragma once

#include <CLI/CLI.hpp>

namespace pfun::cli {

void addNodeCommand(CLI::App& app, int* exitCode);

} // namespace pfun::cli
