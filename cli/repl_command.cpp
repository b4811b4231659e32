#include "repl_command.h"

#include "repl_session.h"

#include <editline/readline.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <unistd.h>

namespace pfun::cli {

namespace {

std::filesystem::path historyFile() {
    namespace fs = std::filesystem;
    fs::path dir;
    if (const char* state = std::getenv("XDG_STATE_HOME"); state && *state) {
        dir = fs::path(state) / "pfun";
    } else if (const char* home = std::getenv("HOME"); home && *home) {
        dir = fs::path(home) / ".local" / "state" / "pfun";
    } else {
        return {};
    }
    std::error_code ec;
    fs::create_directories(dir, ec);
    return ec ? fs::path() : dir / "history";
}

void print(const std::string& text) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
}

int interactive(ReplSession& session) {
    std::filesystem::path history = historyFile();
    using_history();
    if (!history.empty()) read_history(history.c_str());
    print("pfun shell (q(). to quit, help(). for commands)\n");
    std::string pending;
    while (!session.quitRequested()) {
        std::string prompt = pending.empty() ? std::to_string(session.evaluationCount() + 1) + "> "
                                             : std::string("   ");
        char* raw = readline(prompt.c_str());
        if (!raw) break; // end of input (Ctrl-D)
        std::string line(raw);
        std::free(raw);
        if (line.find_first_not_of(" \t") != std::string::npos) add_history(line.c_str());
        pending += line;
        pending += '\n';
        if (!ReplSession::inputComplete(pending)) continue;
        print(session.evaluate(pending));
        pending.clear();
    }
    if (!history.empty()) write_history(history.c_str());
    return 0;
}

int script(ReplSession& session) {
    std::string pending, line;
    while (!session.quitRequested() && std::getline(std::cin, line)) {
        pending += line;
        pending += '\n';
        if (!ReplSession::inputComplete(pending)) continue;
        print(session.evaluate(pending));
        pending.clear();
    }
    if (!session.quitRequested() && pending.find_first_not_of(" \t\r\n") != std::string::npos) {
        std::fputs("pfun repl: input ended inside an expression (missing '.')\n", stderr);
        return 1;
    }
    return 0;
}

} // namespace

void addReplCommand(CLI::App& app, int* exitCode) {
    CLI::App* repl = app.add_subcommand("repl", "Start an interactive shell");
    auto paths = std::make_shared<std::vector<std::string>>();
    repl->add_option("--pa", *paths, "Add a directory to the code path (repeatable)");
    repl->callback([paths, exitCode] {
        std::vector<std::filesystem::path> codePath{"."};
        for (const std::string& p : *paths)
            codePath.emplace_back(p);
        for (auto& p : pathFromEnvironment())
            codePath.push_back(std::move(p));
        ReplSession session(std::move(codePath));
        *exitCode = isatty(STDIN_FILENO) ? interactive(session) : script(session);
    });
}

} // namespace pfun::cli
