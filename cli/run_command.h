// `pfun run [-pa DIR]... FILE [ARGS...]`: compile FILE (a module or a script; or read
// FILE as a .pfb image when it starts with the .pfb magic bytes), load
// it, and call its main/1 with the argument strings as Erlang strings.
//
// Exit codes (DESIGN.md §7): 0 when main/1 returns, 1 when it raises (the exception
// is printed to stderr as erl's shell prints it), 2 for usage errors (FILE cannot be
// read), 3 when FILE does not compile (the diagnostics are printed to stderr), 4 when
// a --connect peer cannot be reached, 6 for a bad node name or secret.
#pragma once

#include "node_setup.h"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace pfun::cli {

struct RunOptions {
    std::string file;
    std::vector<std::string> args;
    std::vector<std::string> extraPaths; // -pa DIR, in order
    bool gcStress = false;               // collect at every safe point (testing)
    unsigned schedulers = 0;             // scheduler threads (0: one per core)
    // The `pfun` executable's run: when main/1 has ended and no other process is
    // left, flush stdout and stderr and end the OS process at once with the exit code,
    // without waking and joining the scheduler threads or tearing the runtime down
    // (each wake-up is a wait for a CPU on a loaded machine: start-up time).
    bool exitProcessWhenDone = false;
    size_t maxHeapWords = 0; // per-process limits (0: none)
    size_t maxMailbox = 0;
    size_t maxResults = 0; // get_result table bounds (0: the defaults)
    size_t resultAgeMs = 0;
    NodeFlags node; // --name, --secret-file, --connect: the script is a node too
    // Keep compiled sources between runs (compile_cache.h). `pfun run` turns it on
    // unless --no-cache; in-process callers (tests) leave it off.
    bool compileCache = false;
    // Where the program's output and pfun's own messages go; stdout and stderr when
    // empty (tests capture them).
    std::function<void(std::string_view)> output;
    std::function<void(std::string_view)> errors;
};

int runProgram(const RunOptions& options);
// `pfun run`'s arguments as they follow `run` on the command line (the flags above,
// FILE, then the program's ARGS): parses them and runs the program (exit code).
int runCommand(const std::vector<std::string>& raw);

// Registers the `run` subcommand; its exit code is stored into *exitCode.

} // namespace pfun::cli
