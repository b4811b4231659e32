// pfun: command-line entry point. Subcommands are registered in commands.cpp and
// implemented in their own files.
#include "commands.h"
#include "run_command.h"

#include <string>
#include <string_view>
#include <vector>

namespace {

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
    return pfun::cli::runCommandLine(argc, argv);
}
