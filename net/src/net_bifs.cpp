// BIFs of distribution: node/0,1, nodes/0, is_alive/0, monitor_node/2,
// disconnect_node/1, net_kernel:connect_node/1, net:connect/1, net_adm:ping/1.
//
// They find the node through the runtime's Distribution (the node installed itself
// there), so no global state is needed; without a node they answer as a node that is
// not alive (nonode@nohost, no peers, connecting fails). connect_node/1 blocks its
// scheduler thread until the handshake settles (bounded by the node's handshake
// timeout): the I/O thread never waits on schedulers, so this cannot deadlock; and
// a slice the I/O thread runs itself moves to a worker first (deferBlockingCall).
#include "pfun/net/node.h"
#include "pfun/net/node_admin.h"
#include "pfun/net/shipping.h"

#include "pfun/vm/construct.h"
#include "pfun/vm/process.h"
#include "pfun/vm/runtime.h"
#include "pfun/vm/scheduler.h"

#include <optional>

namespace pfun::net {

namespace {

using vm::Process;
using vm::Term;

Node* nodeOf(vm::RemoteRouter* router) {
    return dynamic_cast<Node*>(router);
}

Term node0(Process& p, const Term*) {
    return p.runtime().distribution().nodeName();
}

Term node1(Process& p, const Term* a) {
    if (!a[0].isPid() && !a[0].isRef()) return p.badarg();
    if (a[0].isBoxKind(vm::BoxKind::ExtPid)) return vm::Distribution::pidNode(a[0]);
    return p.runtime().distribution().nodeName();
}

Term nodes0(Process& p, const Term*) {
    std::vector<Term> atoms = p.runtime().distribution().withRouter([](vm::RemoteRouter* r) {
        Node* n = nodeOf(r);
        return n ? n->peerAtoms() : std::vector<Term>{};
    });
    return vm::makeList(p.heap(), std::span<const Term>(atoms));
}

Term isAlive0(Process& p, const Term*) {
    return p.runtime().distribution().alive() ? vm::atoms::kTrue : vm::atoms::kFalse;
}

// Connects and waits; true when connected. On the network thread it cannot wait:
// nothing when the call is to run again on a worker (Scheduler::deferBlockingCall).
std::optional<bool> connectTo(Process& p, Term node) {
    vm::Runtime& rt = p.runtime();
    if (vm::Scheduler::deferBlockingCall(p)) return std::nullopt;
    std::string name = rt.atoms().name(node);
    return rt.distribution().withRouter([&](vm::RemoteRouter* r) {
        Node* n = nodeOf(r);
        if (!n) return false;
        return n->connect(name, std::chrono::milliseconds(15000));
    });
}

Term connectNode(Process& p, const Term* a) {
    if (!a[0].isAtom()) return p.badarg();
    if (!p.runtime().distribution().alive()) return p.runtime().atom("ignored");
    auto connected = connectTo(p, a[0]);
    if (!connected) return Term::nonValue();
    return *connected ? vm::atoms::kTrue : vm::atoms::kFalse;
}

Term ping(Process& p, const Term* a) {
    if (!a[0].isAtom()) return p.badarg();
    auto connected = connectTo(p, a[0]);
    if (!connected) return Term::nonValue();
    return p.runtime().atom(*connected ? "pong" : "pang");
}

Term disconnectNode(Process& p, const Term* a) {
    if (!a[0].isAtom()) return p.badarg();
    vm::Runtime& rt = p.runtime();
    std::string name = rt.atoms().name(a[0]);
    bool done = rt.distribution().withRouter([&](vm::RemoteRouter* r) {
        Node* n = nodeOf(r);
        return n && n->disconnect(name);
    });
    return done ? vm::atoms::kTrue : vm::atoms::kFalse;
}

Term monitorNode(Process& p, const Term* a) {
    if (!a[0].isAtom() || (a[1] != vm::atoms::kTrue && a[1] != vm::atoms::kFalse))
        return p.badarg();
    vm::Runtime& rt = p.runtime();
    bool on = a[1] == vm::atoms::kTrue;
    bool alive = rt.distribution().withRouter([&](vm::RemoteRouter* r) {
        Node* n = nodeOf(r);
        if (n) n->monitorNode(p.self(), a[0], on);
        return n != nullptr;
    });
    if (!alive && on) {
        // Not a distributed node: erl raises notalive.
        return p.error(rt.atom("notalive"));
    }
    return vm::atoms::kTrue;
}

} // namespace

void registerNetBifs(vm::Runtime& rt) {
    struct Entry {
        const char* module;
        const char* name;
        uint32_t arity;
        vm::BifFn fn;
        bool guard;
    };
    static constexpr Entry kBifs[] = {
        {"erlang", "node", 0, node0, true},
        {"erlang", "node", 1, node1, true},
        {"erlang", "nodes", 0, nodes0, false},
        {"erlang", "is_alive", 0, isAlive0, false},
        {"erlang", "monitor_node", 2, monitorNode, false},
        {"erlang", "disconnect_node", 1, disconnectNode, false},
        {"net_kernel", "connect_node", 1, connectNode, false},
        {"net_kernel", "disconnect", 1, disconnectNode, false},
        {"net", "connect", 1, connectNode, false},
        {"net_adm", "ping", 1, ping, false},
    };
    for (const Entry& e : kBifs)
        rt.bifs().add(rt.atom(e.module), rt.atom(e.name), e.arity, e.fn, e.guard);
    registerShippingBifs(rt);
    registerNodeAdminBifs(rt);
}

} // namespace pfun::net
