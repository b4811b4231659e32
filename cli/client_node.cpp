#include "client_node.h"

#include "error_format.h"
#include "node_setup.h"

#include "pfun/net/node_name.h"
#include "pfun/stdlib/stdlib.h"
#include "pfun/vm/construct.h"
#include "pfun/vm/copy.h"
#include "pfun/vm/lifecycle.h"
#include "pfun/vm/process.h"

#include <unistd.h>

#include <condition_variable>
#include <cstdio>

namespace pfun::cli {

std::unique_ptr<ClientNode> ClientNode::open(const std::string& command, const std::string& target,
                                             const std::string& secretFile, int* exitCode) {
    std::string why;
    auto name = net::parseNodeName(target, &why);
    if (!name || name->port == 0) {
        std::fprintf(stderr, "pfun %s: --node %s: %s\n", command.c_str(), target.c_str(),
                     name ? "the port of a running node is not 0" : why.c_str());
        *exitCode = 2;
        return nullptr;
    }
    std::unique_ptr<ClientNode> c(new ClientNode());
    c->rt_ = std::make_unique<vm::Runtime>();
    stdlib::registerBifs(*c->rt_);
    net::registerNetBifs(*c->rt_);
    std::vector<std::filesystem::path> path; // the embedded library only
    c->loader_ = std::make_unique<ModuleLoader>(std::move(path));
    c->loader_->install(*c->rt_);
    c->rt_->scheduler().setThreadCount(1);

    ClientNode* self = c.get();
    auto hold = [self](std::string_view line) {
        std::lock_guard lock(self->logMutex_);
        std::string text(line);
        if (text.empty() || text.back() != '\n') text += '\n';
        self->heldLog_.push_back(std::move(text));
    };
    NodeFlags flags;
    flags.name = command + "-" + std::to_string(::getpid()) + "@127.0.0.1:0";
    flags.secretFile = secretFile;
    flags.connect.push_back(target);
    flags.log = hold;
    c->node_ = startNode(*c->rt_, flags, hold, exitCode);
    if (!c->node_) {
        {
            std::lock_guard lock(c->logMutex_);
            for (const std::string& line : c->heldLog_)
                std::fputs(line.c_str(), stderr);
        }
        if (*exitCode == 4)
            std::fprintf(stderr,
                         "pfun %s: cannot reach %s: it is not running there, refused the "
                         "connection, or its secret differs from %s\n",
                         command.c_str(), target.c_str(), secretFile.c_str());
        c->rt_->scheduler().stop();
        return nullptr;
    }
    return c;
}

ClientNode::~ClientNode() {
    node_.reset();
    if (rt_) rt_->scheduler().stop();
}

vm::Term ClientNode::call(std::string_view module, std::string_view function,
                          const std::vector<vm::Term>& args, std::string* failure) {
    std::mutex doneMutex;
    std::condition_variable doneCv;
    bool done = false;
    vm::Term value = vm::Term::nonValue();
    vm::SpawnOptions spawn;
    spawn.onExit = [&](vm::Process& p, vm::RunStatus how) {
        std::lock_guard lock(doneMutex);
        if (how == vm::RunStatus::Returned) {
            value = vm::copyTerm(p.exitValue, heap_);
        } else if (failure) {
            vm::Term st = p.exceptionStacktrace();
            *failure = formatException(*rt_, p.exceptionClass(), p.exceptionReason(),
                                       st.isNonValue() ? vm::Term::nil() : st);
        }
        done = true;
        doneCv.notify_all();
    };
    vm::Term argList = vm::makeList(heap_, std::span<const vm::Term>(args));
    vm::spawnProcess(*rt_, nullptr, rt_->atom(module), rt_->atom(function), argList, spawn);
    std::unique_lock lock(doneMutex);
    doneCv.wait(lock, [&] { return done; });
    return value;
}

} // namespace pfun::cli
