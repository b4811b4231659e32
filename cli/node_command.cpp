#include "node_command.h"

#include "module_loader.h"
#include "node_setup.h"

#include "pfun/net/node.h"
#include "pfun/net/node_admin.h"
#include "pfun/stdlib/stdlib.h"
#include "pfun/vm/runtime.h"

#include <csignal>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>

namespace pfun::cli {

namespace {

// SIGHUP: re-read the --policy file. A bad file is reported with its line and
// column and the policy in force stays.
void reloadPolicy(vm::Runtime& rt, const std::string& file,
                  const std::function<void(std::string_view)>& errors) {
    if (file.empty()) {
        errors("pfun node: SIGHUP: no --policy file to reload (the built-in policy stays)\n");
        return;
    }
    std::string error;
    if (!net::reloadShippingPolicy(rt, file, &error)) {
        if (!error.empty() && error.back() != '\n') error += '\n';
        errors("pfun node: SIGHUP: policy file refused, the previous policy stays:\n" + error);
        return;
    }
    errors("pfun node: SIGHUP: policy reloaded from " + file + "\n");
}

} // namespace

int runNode(NodeFlags flags, const std::string& configFile) {
    auto errors = [](std::string_view text) {
        std::fwrite(text.data(), 1, text.size(), stderr);
        std::fflush(stderr);
    };
    if (!configFile.empty()) {
        std::string error;
        if (!readNodeConfig(configFile, flags, &error)) {
            errors(error + "\n");
            return 6;
        }
    }
    if (flags.name.empty()) {
        errors("pfun node: --name NAME@HOST:PORT is required (or `name` in --config)\n");
        return 2;
    }
    // SIGTERM, SIGINT (stop) and SIGHUP (reload the policy) are taken by sigwait
    // below: block them before any thread starts, so that every thread inherits
    // the mask.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    auto rt = std::make_unique<vm::Runtime>();
    stdlib::registerBifs(*rt);
    net::registerNetBifs(*rt);
    std::vector<std::filesystem::path> path{"."};
    for (auto& p : pathFromEnvironment())
        path.push_back(std::move(p));
    ModuleLoader loader(std::move(path), errors);
    loader.install(*rt);
    if (flags.schedulers > 0) rt->scheduler().setThreadCount(flags.schedulers);

    int code = 0;
    auto node = startNode(*rt, flags, errors, &code);
    if (!node) {
        rt->scheduler().stop();
        return code;
    }
    std::printf("node %s listening on %s:%u\n", node->name().c_str(),
                flags.listen.empty() ? "127.0.0.1" : flags.listen.c_str(), node->port());
    std::printf("connect a shell: pfun repl --name shell@127.0.0.1:0 --secret-file %s "
                "--connect %s\n",
                flags.secretFile.c_str(), node->name().c_str());
    if (!flags.policyFile.empty())
        std::printf("policy %s (reloaded on SIGHUP)\n", flags.policyFile.c_str());
    std::fflush(stdout);

    int signal = 0;
    while (sigwait(&signals, &signal) == 0 && signal == SIGHUP)
        reloadPolicy(*rt, flags.policyFile, errors);
    errors(std::string("pfun node: ") + (signal == SIGINT ? "SIGINT" : "SIGTERM") + ": stopping " +
           node->name() + "\n");
    // Processes first: a stopped scheduler runs nothing more, even when the node's
    // teardown still delivers signals (Scheduler::stop). Then the node (its peers
    // see the connections drop), then the runtime.
    rt->scheduler().stop();
    node.reset();
    return 0;
}

} // namespace pfun::cli
