#include "repl_command.h"

#include "standard_streams.h"

#include "node_setup.h"
#include "repl_complete.h"
#include "repl_session.h"

#include <editline/readline.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
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

// readline's completion hooks are plain C callbacks without a user pointer, so the
// completer in use and its current candidates are reached through this one slot,
// set only while interactive() runs.
struct CompletionState {
    ReplCompleter* completer = nullptr;
    std::vector<std::string> candidates;
    size_t next = 0;
};
CompletionState& completionState() {
    static CompletionState state;
    return state;
}

char* completionGenerator(const char* text, int state) {
    CompletionState& cs = completionState();
    if (state == 0) {
        cs.candidates = cs.completer ? cs.completer->complete(text) : std::vector<std::string>{};
        cs.next = 0;
    }
    if (cs.next >= cs.candidates.size()) return nullptr;
    return strdup(cs.candidates[cs.next++].c_str());
}

char** attemptCompletion(const char* text, int, int) {
    rl_attempted_completion_over = 1; // never fall back to file names
    rl_completion_append_character = '\0';
    return rl_completion_matches(text, completionGenerator);
}

// Ctrl-C while an evaluation runs cancels it: the SIGINT handler only writes a byte
// to a pipe (async-signal-safe); a watcher thread turns it into session.interrupt().
class InterruptWatcher {
  public:
    explicit InterruptWatcher(ReplSession& session) : session_(session) {
        if (::pipe(fds_) != 0) return;
        writeFd() = fds_[1];
        thread_ = std::thread([this] {
            char c;
            while (::read(fds_[0], &c, 1) == 1)
                session_.interrupt();
        });
    }
    ~InterruptWatcher() {
        if (thread_.joinable()) {
            writeFd() = -1;
            ::close(fds_[1]);
            thread_.join();
            ::close(fds_[0]);
        }
    }
    // While an evaluation runs, SIGINT goes to the watcher; otherwise the line
    // editor's own handling applies.
    void arm() { install(onSigint); }
    void disarm() { install(SIG_DFL); }

  private:
    static int& writeFd() {
        static int fd = -1; // read by the signal handler: it cannot take arguments
        return fd;
    }
    static void onSigint(int) {
        char c = 1;
        if (writeFd() >= 0) {
            ssize_t n = ::write(writeFd(), &c, 1);
            (void)n; // nothing to do in a signal handler if the pipe is full
        }
    }
    static void install(void (*handler)(int)) {
        struct sigaction sa {};
        sa.sa_handler = handler;
        sigemptyset(&sa.sa_mask);
        ::sigaction(SIGINT, &sa, nullptr);
    }

    ReplSession& session_;
    int fds_[2] = {-1, -1};
    std::thread thread_;
};

int interactive(ReplSession& session) {
    std::filesystem::path history = historyFile();
    ReplCompleter completer(session.runtime(), session.codePath());
    completionState().completer = &completer;
    static std::string wordBreaks = kCompletionWordBreaks;
    rl_completer_word_break_characters = wordBreaks.data();
    rl_attempted_completion_function = attemptCompletion;
    using_history();
    if (!history.empty()) read_history(history.c_str());
    print("pfun shell (q(). to quit, help(). for commands, Ctrl-C cancels an evaluation)\n");
    InterruptWatcher watcher(session);
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
        watcher.arm();
        print(session.evaluate(pending));
        watcher.disarm();
        pending.clear();
    }
    if (!history.empty()) write_history(history.c_str());
    completionState().completer = nullptr;
    return 0;
}

int script(ReplSession& session) {
    std::string pending, line;
    useStandardStreams(); // cli11.h: std::cin is constructed on demand
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

int runRepl(const ReplOptions& options) {
    std::vector<std::filesystem::path> codePath{"."};
    for (const std::string& p : options.paths)
        codePath.emplace_back(p);
    for (auto& p : pathFromEnvironment())
        codePath.push_back(std::move(p));
    ReplSession session(std::move(codePath));
    std::unique_ptr<net::Node> node;
    if (options.node.wanted()) {
        auto errors = [](std::string_view t) { std::fwrite(t.data(), 1, t.size(), stderr); };
        int exitCode = 0;
        node = startNode(session.runtime(), options.node, errors, &exitCode);
        if (!node) return exitCode;
    }
    return isatty(STDIN_FILENO) ? interactive(session) : script(session);
}

} // namespace pfun::cli
