// ReplSession: the evaluation engine behind `pfun repl`, without any terminal I/O.
//
// Each complete input (expressions ended by `.`) becomes a one-function module whose
// parameters are the variables bound so far and whose result is the value of the last
// expression together with every binding afterwards. So the shell runs exactly the
// code a module would (same compiler, same interpreter), and what a binding holds is
// an ordinary term.
//
// Bindings and the result history live in a heap of their own, outside the shell
// process's heap: before each evaluation they are copied into the process (so its
// collector owns everything it can reach), afterwards the new values are copied out.
// Shell commands (f/0,1, b/0, v/1, c/1, q/0, help/0, rp/1) are recognised before
// compiling.
#pragma once

#include "module_loader.h"

#include "pfun/vm/heap.h"
#include "pfun/vm/process.h"
#include "pfun/vm/runtime.h"

#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace pfun::cli {

class ReplSession {
  public:
    explicit ReplSession(std::vector<std::filesystem::path> codePath);
    ~ReplSession();
    ReplSession(const ReplSession&) = delete;
    ReplSession& operator=(const ReplSession&) = delete;

    // Evaluates one complete input (one or more `.`-terminated expression sequences)
    // and returns what the shell prints for it: each value, or the error. Output the
    // code itself writes (io:format) goes to the runtime's output sink as it happens.
    std::string evaluate(std::string_view input);

    // Cancels the evaluation in progress (Ctrl-C): its process is killed at its next
    // time slice or wait, evaluate() returns the exit, and the shell goes on with the
    // same bindings. Safe to call from any thread; does nothing between evaluations.
    void interrupt();

    // True when `text` ends with a full stop token, i.e. the user finished typing.
    static bool inputComplete(std::string_view text);

    bool quitRequested() const { return quit_; }
    int evaluationCount() const { return counter_; }
    vm::Runtime& runtime() { return *rt_; }
    const std::vector<std::filesystem::path>& codePath() const { return loader_->codePath(); }

  private:
    struct Binding {
        std::string name;
        vm::Term value;
    };

    std::string evaluateOne(std::string_view exprs);
    bool shellCommand(std::string_view exprs, std::string& out);
    std::string showBindings() const;
    void republish(std::vector<Binding> bindings, std::vector<vm::Term> history);

    std::unique_ptr<vm::Runtime> rt_;
    std::unique_ptr<ModuleLoader> loader_;
    std::shared_ptr<vm::Process> process_;
    std::unique_ptr<vm::Heap> store_;  // holds binding values and the history
    std::vector<Binding> bindings_;    // sorted by name
    std::vector<vm::Term> history_;    // v(N): result of evaluation N (1-based)
    std::vector<std::string> sources_; // input text of each loaded shell module
    int counter_ = 0;
    bool quit_ = false;
    std::atomic<bool> evaluating_{false};
};

// Splits input at its full stops into `.`-terminated expression sequences (each kept
// with its dot), ignoring dots inside strings, quoted atoms, character literals and
// comments, and in floats or `..`.
std::vector<std::string> splitAtFullStops(std::string_view text);

} // namespace pfun::cli
