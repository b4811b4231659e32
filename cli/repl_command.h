// `pfun repl`: an Erlang-style shell over ReplSession.
//
// On a terminal: libedit line editing, history kept across sessions in
// $XDG_STATE_HOME/pfun/history (~/.local/state/pfun/history), numbered prompts,
// multi-line input until the final full stop. Otherwise (a pipe or a file) standard
// input is read as a script: no prompts, each result printed on its own line, so the
// shell is scriptable in tests.
#pragma once

#include "node_setup.h"

#include <string>
#include <vector>

namespace pfun::cli {

struct ReplOptions {
    std::vector<std::string> paths; // --pa DIR, in order
    NodeFlags node;                 // --name ...: the shell is a node too
};
int runRepl(const ReplOptions& options);

} // namespace pfun::cli
