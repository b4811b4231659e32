// pfun: command-line entry point. Subcommands are registered here and implemented
// in their own files.
//
// Building a subcommand's options costs start-up time (CLI11 makes strings, functions
// and validators for each), and `pfun run` of a one-line script is a benchmark row: so
// when the first argument names a subcommand exactly, only that one is registered.
// CLI11 then parses exactly as with all of them (a subcommand's options, help and
// errors do not depend on its siblings); anything else (`--help`, no argument, an
// unknown name) registers them all, in the same order, for the full help and errors.
#include "compile_command.h"
#include "disasm_command.h"
#include "node_command.h"
#include "policy_command.h"
#include "repl_command.h"
#include "result_command.h"
#include "run_command.h"
#include "status_command.h"

#include "cli11.h"

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace {

struct Subcommand {
    std::string_view name;
    void (*add)(CLI::App& app, int* exitCode);
};

void addVersionCommand(CLI::App& app, int*) {
    auto* version = app.add_subcommand("version", "Print the version");
    version->callback([] { std::puts("pfun 0.1.0"); });
}

void addDisasm(CLI::App& app, int*) {
    pfun::cli::addDisasmCommand(app);
}

// In the order `pfun --help` lists them.
constexpr Subcommand kSubcommands[] = {
    {"version", addVersionCommand},          {"disasm", addDisasm},
    {"run", pfun::cli::addRunCommand},       {"compile", pfun::cli::addCompileCommand},
    {"repl", pfun::cli::addReplCommand},     {"node", pfun::cli::addNodeCommand},
    {"policy", pfun::cli::addPolicyCommand}, {"status", pfun::cli::addStatusCommand},
    {"result", pfun::cli::addResultCommand},
};

// -h..., --help...: CLI11 reads these as its help flag.
bool asksForHelp(std::string_view arg) {
    return arg.starts_with("-h") || arg.starts_with("--help");
}

} // namespace

int main(int argc, char** argv) {
    // `pfun run` takes its arguments raw (run_command.h): CLI11 adds nothing to them but
    // the help of `pfun run -h|--help`. So the one-line script of the start-up benchmark
    // does not build the command-line parser (nor the classic locale, which CLI11's
    // trimming constructs).
    if (argc > 1 && std::string_view(argv[1]) == "run" && !(argc > 2 && asksForHelp(argv[2])))
        return pfun::cli::runCommand(std::vector<std::string>(argv + 2, argv + argc));
    CLI::App app{"pfun: code-shipping remote evaluation engine"};
    app.require_subcommand(1);
    int exitCode = 0;
    const Subcommand* named = nullptr;
    if (argc > 1)
        for (const Subcommand& s : kSubcommands)
            if (argv[1] == s.name) named = &s;
    if (named) {
        named->add(app, &exitCode);
    } else {
        for (const Subcommand& s : kSubcommands)
            s.add(app, &exitCode);
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        pfun::cli::useStandardStreams(); // CLI11 prints help and errors to std::cout/cerr
        return app.exit(e) == 0 ? 0 : 2;
    }
    return exitCode;
}
