#include "run_command.h"

#include "error_format.h"
#include "module_loader.h"

#include "pfun/stdlib/stdlib.h"
#include "pfun/vm/construct.h"
#include "pfun/vm/interpreter.h"
#include "pfun/vm/process.h"
#include "pfun/vm/runtime.h"

#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

namespace pfun::cli {

namespace {

// An Erlang string (list of code points) from a UTF-8 argument.
vm::Term argumentString(vm::Heap& heap, const std::string& s) {
    return vm::makeCharListFromUtf8(heap, s);
}

} // namespace

int runProgram(const RunOptions& options) {
    std::ifstream in(options.file, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "pfun run: cannot read %s\n", options.file.c_str());
        return 2;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    std::string source = ss.str();

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
    stdlib::registerBifs(*rt);
    ModuleLoader loader(std::move(path));
    loader.install(*rt);

    bool compileError = false;
    const vm::ModuleCode* mod = loader.loadSource(*rt, source, options.file, &compileError);
    if (!mod) return compileError ? 3 : 1;

    vm::Process proc(*rt);
    std::vector<vm::Term> strings;
    for (const std::string& a : options.args)
        strings.push_back(argumentString(proc.heap(), a));
    vm::Term argList = vm::makeList(proc.heap(), std::span<const vm::Term>(strings));
    vm::CallResult r = vm::callMfa(proc, mod->name, vm::atoms::kMain, {&argList, 1});
    std::fflush(stdout);
    if (r.ok) return 0;
    std::string text = formatException(*rt, r.cls, r.reason, r.stacktrace);
    std::fputs(text.c_str(), stderr);
    std::fflush(stderr);
    return 1;
}

void addRunCommand(CLI::App& app, int* exitCode) {
    auto options = std::make_shared<RunOptions>();
    CLI::App* run = app.add_subcommand("run", "Compile FILE and call its main/1 with ARGS");
    run->add_option("-pa", options->extraPaths, "Add DIR to the code path (after FILE's directory)")
        ->type_name("DIR")
        ->allow_extra_args(false);
    run->add_flag("--gc-stress", options->gcStress,
                  "Collect garbage at every safe point (testing)");
    run->add_option("file", options->file, "The module or script to run")->required();
    run->add_option("args", options->args, "Arguments passed to main/1 as strings");
    run->prefix_command(false);
    run->positionals_at_end(true);
    run->callback([options, exitCode] { *exitCode = runProgram(*options); });
}

} // namespace pfun::cli
