#include "run_command.h"

#include "error_format.h"
#include "module_loader.h"

#include "pfun/stdlib/stdlib.h"
#include "pfun/vm/construct.h"
#include "pfun/vm/interpreter.h"
#include "pfun/vm/lifecycle.h"
#include "pfun/vm/process.h"
#include "pfun/vm/runtime.h"
#include "pfun/vm/scheduler.h"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>

namespace pfun::cli {

namespace {

// An Erlang string (list of code points) from a UTF-8 argument.
vm::Term argumentString(vm::Heap& heap, const std::string& s) {
    return vm::makeCharListFromUtf8(heap, s);
}

} // namespace

int runProgram(const RunOptions& options) {
    auto errors = [&](std::string_view text) {
        if (options.errors)
            options.errors(text);
        else
            std::fwrite(text.data(), 1, text.size(), stderr);
    };
    std::string source;
    if (!readWholeFile(options.file, source)) {
        errors("pfun run: cannot read " + options.file + "\n");
        return 2;
    }

    // Code path: the program's directory, then -pa directories, then PFUN_PATH.
    std::vector<std::filesystem::path> path;
    std::filesystem::path dir = std::filesystem::path(options.file).parent_path();
    path.push_back(dir.empty() ? std::filesystem::path(".") : dir);
    for (const std::string& p : options.extraPaths)
        path.emplace_back(p);
    for (auto& p : pathFromEnvironment())
        path.push_back(std::move(p));

    auto rt = std::make_unique<vm::Runtime>();
    rt->setGcStress(options.gcStress);
    if (options.output)
        rt->setOutput(options.output);
    else if (options.node.wanted())
        // A node talks to other programs: its output goes out line by line.
        rt->setOutput([](std::string_view text) {
            std::fwrite(text.data(), 1, text.size(), stdout);
            std::fflush(stdout);
        });
    stdlib::registerBifs(*rt);
    net::registerNetBifs(*rt);
    ModuleLoader loader(std::move(path), errors);
    loader.install(*rt);
    if (options.compileCache) loader.setCompileCache(CompileCache::fromEnvironment());

    bool compileError = false;
    const vm::ModuleCode* mod = loader.loadFileContents(*rt, source, options.file, &compileError);
    if (!mod) return compileError ? 3 : 1;

    if (options.schedulers > 0) rt->scheduler().setThreadCount(options.schedulers);
    rt->setProcessLimits({options.maxHeapWords, options.maxMailbox});
    vm::ResultLimits results;
    if (options.maxResults) results.maxEntries = options.maxResults;
    if (options.resultAgeMs) results.maxAge = std::chrono::milliseconds(options.resultAgeMs);
    rt->processes().setResultLimits(results);
    if (options.errors) rt->setErrorOutput(options.errors);
    if (options.exitProcessWhenDone) {
        // erlang:halt/0,1,2 ends the program at once with its code, as `erl -noshell`
        // does (no crash dump for halt(Slogan): the slogan goes to stderr).
        rt->setHaltHandler([](int code, std::string_view slogan) {
            std::fflush(stdout);
            if (!slogan.empty()) std::fprintf(stderr, "%.*s\n", int(slogan.size()), slogan.data());
            std::fflush(stderr);
            std::_Exit(code);
        });
    }
    std::unique_ptr<net::Node> node; // destroyed before the runtime
    if (options.node.wanted()) {
        int code = 0;
        node = startNode(*rt, options.node, errors, &code);
        if (!node) {
            rt->scheduler().stop();
            return code;
        }
    }
    // main/1 runs in a process like any other, on the scheduler threads (so that it
    // and the processes it talks to share a scheduler; its first slice may run on this
    // thread, below); this thread waits for it.
    // When main/1 ends the program ends, whatever else is still running (as
    // `erl -eval '...main(...), halt()'`).
    std::mutex doneMutex;
    std::condition_variable doneCv;
    bool done = false;
    int status = 0;
    std::string failure;
    vm::SpawnOptions spawn;
    spawn.onExit = [&](vm::Process& p, vm::RunStatus how) {
        std::string text;
        if (how == vm::RunStatus::Raised) {
            vm::Term st = p.exceptionStacktrace();
            text = formatException(*rt, p.exceptionClass(), p.exceptionReason(),
                                   st.isNonValue() ? vm::Term::nil() : st);
        }
        std::lock_guard lock(doneMutex);
        done = true;
        status = how == vm::RunStatus::Returned ? 0 : 1;
        failure = std::move(text);
        doneCv.notify_all();
    };
    vm::Heap argHeap;
    std::vector<vm::Term> strings;
    for (const std::string& a : options.args)
        strings.push_back(argumentString(argHeap, a));
    vm::Term argList = vm::makeList(argHeap, std::span<const vm::Term>(strings));
    // This thread has nothing to do until main/1 ends, so it runs main's first slice
    // itself when the scheduler lets it (Scheduler::NetworkSlices, the network
    // thread's way of running a process it woke): a script done in one slice then
    // costs no hand-off to a worker and back. A longer main/1 goes on on a worker.
    vm::Term mainPid;
    {
        vm::Scheduler::NetworkSlices here(rt->scheduler());
        mainPid = vm::spawnProcess(*rt, nullptr, mod->name, vm::atoms::kMain,
                                   vm::makeList(argHeap, {argList}), spawn)
                      ->self();
        here.run();
    }
    {
        std::unique_lock lock(doneMutex);
        doneCv.wait(lock, [&] { return done; });
    }
    if (!failure.empty()) errors(failure);
    if (options.exitProcessWhenDone && !node) {
        // Nothing else can print: no process is left but main's own ending (its exit
        // hook runs before its worker drops it from the table).
        const std::vector<vm::Term> left = rt->processes().pids();
        if (left.empty() || (left.size() == 1 && left[0] == mainPid)) {
            std::fflush(stdout);
            std::fflush(stderr);
            std::_Exit(status);
        }
    }
    node.reset();
    rt->scheduler().stop();
    std::fflush(stdout);
    return status;
}

int runCommand(const std::vector<std::string>& raw) {
    RunOptions options;
    options.compileCache = true;
    size_t i = 0;
    for (; i < raw.size(); ++i) {
        if (raw[i] == "-pa" && i + 1 < raw.size()) {
            options.extraPaths.push_back(raw[++i]);
        } else if (raw[i] == "--no-cache") {
            options.compileCache = false;
        } else if (raw[i] == "--gc-stress") {
            options.gcStress = true;
        } else if (raw[i] == "--max-heap-words" && i + 1 < raw.size()) {
            options.maxHeapWords = std::strtoull(raw[++i].c_str(), nullptr, 10);
        } else if (raw[i] == "--max-mailbox" && i + 1 < raw.size()) {
            options.maxMailbox = std::strtoull(raw[++i].c_str(), nullptr, 10);
        } else if (raw[i] == "--max-results" && i + 1 < raw.size()) {
            options.maxResults = std::strtoull(raw[++i].c_str(), nullptr, 10);
        } else if (raw[i] == "--result-age-ms" && i + 1 < raw.size()) {
            options.resultAgeMs = std::strtoull(raw[++i].c_str(), nullptr, 10);
        } else if (raw[i] == "--schedulers" && i + 1 < raw.size()) {
            options.schedulers = unsigned(std::strtoul(raw[++i].c_str(), nullptr, 10));
        } else if (takeNodeFlag(raw, i, options.node)) {
            continue;
        } else if (raw[i] == "--") {
            ++i;
            break;
        } else {
            break;
        }
    }
    if (i >= raw.size()) {
        std::fputs(
            "pfun run: missing FILE\n"
            "usage: pfun run [-pa DIR]... [--no-cache] [--schedulers N] [--max-heap-words N]\n"
            "       [--max-mailbox N] [--max-results N] [--result-age-ms MS]\n"
            "       [--name NAME@HOST:PORT --secret-file F [--connect NODE]...\n"
            "        [--policy P.toml] [--code-cache DIR]\n"
            "        [--tls-cert F --tls-key F --tls-ca F]] FILE [ARGS...]\n",
            stderr);
        return 2;
    }
    options.file = raw[i++];
    options.args.assign(raw.begin() + long(i), raw.end());
    options.exitProcessWhenDone = true;
    return runProgram(options);
}

} // namespace pfun::cli
