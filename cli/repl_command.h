// `pfun repl`: an Erlang-style shell over ReplSession.
//
// On a terminal: libedit line editing, history kept across sessions in
// $XDG_STATE_HOME/pfun/history (~/.local/state/pfun/history), numbered prompts,
// multi-line input until the final full stop. Otherwise (a pipe or a file) standard
// input is read as a script: no prompts, each result printed on its own line, so the
// shell is scriptable in tests.
#pragma once

namespace CLI {
class App;
} // namespace CLI

namespace pfun::cli {

void addReplCommand(CLI::App& app, int* exitCode);

} // namespace pfun::cli
