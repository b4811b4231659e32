// pfun: command-line entry point. Subcommands are registered here and implemented
// in their own files.
#include "compile_command.h"
#include "disasm_command.h"
#include "node_command.h"
#include "policy_command.h"
#include "repl_command.h"
#include "result_command.h"
#include "run_command.h"
#include "status_command.h"

#include <CLI/CLI.hpp>

#include <cstdio>

int main(int argc, char** argv) {
    CLI::App app{"pfun: code-shipping remote evaluation engine"};
    app.require_subcommand(1);
    auto* version = app.add_subcommand("version", "Print the version");
    version->callback([] { std::puts("pfun 0.1.0"); });
    pfun::cli::addDisasmCommand(app);
    int exitCode = 0;
    pfun::cli::addRunCommand(app, &exitCode);
    pfun::cli::addCompileCommand(app, &exitCode);
    pfun::cli::addReplCommand(app, &exitCode);
    pfun::cli::addNodeCommand(app, &exitCode);
    pfun::cli::addPolicyCommand(app, &exitCode);
    pfun::cli::addStatusCommand(app, &exitCode);
    pfun::cli::addResultCommand(app, &exitCode);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    }
    return exitCode;
}
