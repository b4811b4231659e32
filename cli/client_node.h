// ClientNode: the short-lived node a command starts to ask a running node something
// (`pfun status`, `pfun result`) from a shell script.
//
// It has its own runtime and a node named "<command>-<os pid>@127.0.0.1:0" (any free
// port), connects to the node asked and runs Erlang code in a process of its own,
// as any node would: get_result/2 of a remote pid, a message to pfun_admin. The
// mesh may also connect it to that node's peers; all its connections close when it
// is destroyed.
//
// The node's routine log lines (connected, connection lost) are held back and
// printed only when connecting fails, so a command that works prints just its
// answer, and one that fails shows why (a wrong secret is logged by the handshake).
#pragma once

#include "module_loader.h"

#include "pfun/net/node.h"
#include "pfun/vm/heap.h"
#include "pfun/vm/runtime.h"

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace pfun::cli {

class ClientNode {
  public:
    // Starts the client node and connects it to `target`. nullptr after printing why
    // to stderr, with *exitCode set (DESIGN.md §7): 2 when `target` is not a node
    // name, 4 when it cannot be reached or refused the handshake (a wrong secret), 6
    // for a bad secret file.
    static std::unique_ptr<ClientNode> open(const std::string& command, const std::string& target,
                                            const std::string& secretFile, int* exitCode);
    ~ClientNode();
    ClientNode(const ClientNode&) = delete;
    ClientNode& operator=(const ClientNode&) = delete;

    vm::Runtime& runtime() { return *rt_; }
    // A heap owned by the client: arguments are built here and results copied here.
    vm::Heap& heap() { return heap_; }
    vm::Term atom(std::string_view name) { return rt_->atom(name); }

    // Runs Module:Function(Args...) in a new process and waits until it ends: its
    // return value (copied into heap()), or nonValue when it raised, with the
    // exception as erl's shell prints it in *failure.
    vm::Term call(std::string_view module, std::string_view function,
                  const std::vector<vm::Term>& args, std::string* failure);

  private:
    ClientNode() = default;

    std::unique_ptr<ModuleLoader> loader_; // declared first: outlives the runtime
    std::unique_ptr<vm::Runtime> rt_;
    std::unique_ptr<net::Node> node_; // destroyed before the runtime
    vm::Heap heap_;
    std::mutex logMutex_;
    std::vector<std::string> heldLog_;
};

} // namespace pfun::cli
