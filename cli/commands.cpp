#include "commands.h"

#include "cli11.h"

#include "compile_command.h"
#include "disasm_command.h"
#include "node_command.h"
#include "policy_command.h"
#include "repl_command.h"
#include "result_command.h"
#include "run_command.h"
#include "status_command.h"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace pfun::cli {

namespace {

// The options that make a command a node (pfun node and pfun repl; pfun run takes
// the same through takeNodeFlag).
void addNodeOptions(CLI::App& cmd, NodeFlags& flags) {
    cmd.add_option("--name", flags.name, "Node name, name@host:port (port 0: any free)");
    cmd.add_option("--secret-file", flags.secretFile,
                   "File holding the cluster secret (32 random bytes, chmod 600)");
    cmd.add_option("--connect", flags.connect, "Connect to this node at start (repeatable)");
    cmd.add_option("--listen", flags.listen, "Listen address (default 127.0.0.1)");
    cmd.add_option("--tick-ms", flags.tickMs, "Heartbeat tick in milliseconds");
    cmd.add_option("--busy-limit", flags.busyLimitBytes,
                   "Unsent bytes per connection past which senders are suspended (0: none)");
    cmd.add_option("--busy-wait-us", flags.busyWaitUs,
                   "Microseconds the network thread polls before it sleeps (0: none)");
    cmd.add_option("--tls-cert", flags.tlsCert, "TLS 1.3: this node's certificate (PEM)");
    cmd.add_option("--tls-key", flags.tlsKey, "TLS 1.3: this node's private key (PEM)");
    cmd.add_option("--tls-ca", flags.tlsCa, "TLS 1.3: the CA of the cluster's certificates");
    cmd.add_option("--policy", flags.policyFile, "Shipping policy file (TOML, docs/policy.md)");
    cmd.add_option("--code-cache", flags.codeCache,
                   "Directory keeping shipped code across restarts");
}

void addVersion(CLI::App& app, int*) {
    auto* version = app.add_subcommand("version", "Print the version");
    version->callback([] { std::puts("pfun 0.1.0"); });
}

void addDisasm(CLI::App& app, int*) {
    auto* cmd = app.add_subcommand("disasm", "Compile FILE and print its bytecode");
    auto file = std::make_shared<std::string>();
    auto dump = std::make_shared<std::string>();
    cmd->add_option("file", *file, "Erlang source file or .pfb module image")->required();
    cmd->add_option("--dump", *dump, "Also print an intermediate form (match)");
    cmd->callback([file, dump] {
        int rc = runDisasm(*file, *dump);
        if (rc != 0) std::exit(rc);
    });
}

void addRun(CLI::App& app, int* exitCode) {
    // Arguments are taken raw: `-pa DIR` is erl's spelling (not a CLI11 option name),
    // and everything after FILE belongs to the program, dashes included.
    CLI::App* run = app.add_subcommand("run", "Compile FILE and call its main/1 with ARGS");
    run->allow_extras();
    run->prefix_command();
    run->callback([run, exitCode] { *exitCode = runCommand(run->remaining()); });
}

void addCompile(CLI::App& app, int* exitCode) {
    auto* cmd = app.add_subcommand("compile", "Compile FILE to a .pfb module image");
    auto options = std::make_shared<CompileOptions>();
    cmd->add_option("file", options->file, "Erlang source file")->required();
    cmd->add_option("-o,--output", options->output, "Output file (default: FILE.pfb)");
    cmd->callback([options, exitCode] { *exitCode = compileToPfb(*options); });
}

void addRepl(CLI::App& app, int* exitCode) {
    CLI::App* repl = app.add_subcommand("repl", "Start an interactive shell");
    auto options = std::make_shared<ReplOptions>();
    repl->add_option("--pa", options->paths, "Add a directory to the code path (repeatable)");
    addNodeOptions(*repl, options->node);
    repl->callback([options, exitCode] { *exitCode = runRepl(*options); });
}

void addNode(CLI::App& app, int* exitCode) {
    CLI::App* cmd = app.add_subcommand("node", "Run a node without a shell until stopped");
    struct Args {
        NodeFlags flags;
        std::string config;
    };
    auto args = std::make_shared<Args>();
    addNodeOptions(*cmd, args->flags);
    cmd->add_option("--config", args->config, "TOML file with node settings (flags win)");
    cmd->add_option("--schedulers", args->flags.schedulers, "Scheduler threads (default: cores)");
    cmd->callback([args, exitCode] { *exitCode = runNode(args->flags, args->config); });
}

void addPolicy(CLI::App& app, int* exitCode) {
    auto* policy = app.add_subcommand("policy", "Check or explain a shipping policy file");
    policy->require_subcommand(1);
    auto options = std::make_shared<PolicyOptions>();
    auto* check = policy->add_subcommand("check", "Validate a policy file");
    check->add_option("file", options->file, "Policy file (TOML)")->required();
    check->callback([options, exitCode] { *exitCode = policyCheck(*options); });
    auto* explain =
        policy->add_subcommand("explain", "Say how a policy treats code objects, and why");
    explain->add_option("file", options->file, "Policy file (TOML)")->required();
    explain->add_option("targets", options->targets, "Module:Function/Arity or hash:<hex>")
        ->required();
    explain->callback([options, exitCode] { *exitCode = policyExplain(*options); });
}

void addStatus(CLI::App& app, int* exitCode) {
    CLI::App* cmd =
        app.add_subcommand("status", "Show a running node's connections, processes and counters");
    auto args = std::make_shared<StatusArgs>();
    cmd->add_option("--node", args->node, "The node to ask, name@host:port")->required();
    cmd->add_option("--secret-file", args->secretFile, "File holding the cluster secret")
        ->required();
    cmd->add_flag("--json", args->json, "Print one JSON object instead of a table");
    cmd->add_option("--timeout", args->timeoutMs,
                    "Milliseconds to wait for the answer once connected (default 10000)");
    cmd->callback([args, exitCode] { *exitCode = runStatus(*args); });
}

void addResult(CLI::App& app, int* exitCode) {
    CLI::App* cmd = app.add_subcommand(
        "result", "Wait for a process of a running node to end and print its result");
    auto args = std::make_shared<ResultArgs>();
    cmd->add_option("--node", args->node, "The node the process runs on, name@host:port")
        ->required();
    cmd->add_option("--secret-file", args->secretFile, "File holding the cluster secret")
        ->required();
    cmd->add_option("--timeout", args->timeoutMs,
                    "Milliseconds to wait for the process to end (default: until it ends)");
    cmd->add_option("PID", args->pid, "The pid as the node prints it: <0.N.S>")->required();
    cmd->callback([args, exitCode] { *exitCode = runResult(*args); });
}

struct Subcommand {
    std::string_view name;
    void (*add)(CLI::App& app, int* exitCode);
};

// In the order `pfun --help` lists them.
constexpr Subcommand kSubcommands[] = {
    {"version", addVersion}, {"disasm", addDisasm}, {"run", addRun},
    {"compile", addCompile}, {"repl", addRepl},     {"node", addNode},
    {"policy", addPolicy},   {"status", addStatus}, {"result", addResult},
};

} // namespace

int runCommandLine(int argc, char** argv) {
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
        useStandardStreams(); // CLI11 prints help and errors to std::cout and std::cerr
        return app.exit(e) == 0 ? 0 : 2;
    }
    return exitCode;
}

} // namespace pfun::cli
