// Distribution: what the VM knows about other nodes — the local node's name, the
// router that carries signals to pids of other nodes, and canonical remote pids.
//
// Why it lives in the VM and is this small: sends and links happen in the VM (signals
// and BIFs), but the network is a layer above it (net/, which links the VM, not the
// other way round). So the VM sees only an abstract RemoteRouter that a node installs;
// a runtime without one behaves as a node that is not alive (remote sends are dropped,
// links and monitors to remote pids answer noproc/noconnection at once).
//
// Canonical remote pids: a process keeps the pids it is linked to or monitors in
// plain vectors that the collector does not trace, and compares them by word. A local
// pid is an immediate, so that is fine; a remote pid is boxed. canonicalPid() returns,
// for a remote pid, one copy per (node, number, serial) allocated here, outside every
// process heap, alive as long as the runtime: the collector leaves it alone (as it
// leaves literals), and two canonical copies of one pid are the same word.
//
// Thread safety: every member may be called from any thread. route*() hold a shared
// lock while the router runs, and setRouter() takes it exclusively, so a node that
// uninstalls itself waits for the sends in flight and is never called afterwards.
#pragma once

#include "pfun/vm/atom.h"
#include "pfun/vm/signal.h"
#include "pfun/vm/term.h"

#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

namespace pfun::vm {

class Process;

// Implemented by the network layer (net::Node).
class RemoteRouter {
  public:
    virtual ~RemoteRouter() = default;
    // A signal for `to`, a pid of another node (canonical). false when it cannot go
    // (no connection to that node): the sender answers as for a dead local process.
    virtual bool routeSignal(Term to, Signal&& s) = 0;
    // `to ! msg` for a pid of another node, called on the sender's thread while
    // `msg` is valid in its heap (so it is encoded without a copy first). Dropped
    // silently when it cannot go, as in Erlang.
    virtual void routeMessage(Term to, Term from, Term msg) = 0;
    // {Name, Node} ! Msg from `from` for a node other than this one. Dropped
    // silently when that node cannot be reached, as in Erlang.
    virtual void routeNamed(Term name, Term node, Term from, Term msg) = 0;
    // Writes out what the calling thread's corked sends left in output buffers
    // (Distribution::cork). Called by uncork() only when something was held.
    virtual void flushCorked() {}
    // Back-pressure (Erlang's busy distribution port): routeMessage / routeNamed for
    // a sender that may be suspended, a process running bytecode. The message goes
    // out (is queued) either way, so it is never lost and order is kept. true when
    // the connection's unsent output is over its busy limit: `from` is then
    // registered to be nudged (signals.h nudge()) once the output drained below the
    // low-water mark or the connection closed, and should park until then. The
    // defaults never ask to park.
    virtual bool routeMessageMayPark(Term to, Term from, Term msg) {
        routeMessage(to, from, msg);
        return false;
    }
    virtual bool routeNamedMayPark(Term name, Term node, Term from, Term msg) {
        routeNamed(name, node, from, msg);
        return false;
    }
};

class Distribution {
  public:
    Distribution();
    Distribution(const Distribution&) = delete;
    Distribution& operator=(const Distribution&) = delete;

    // The atom node() answers: nonode@nohost until a node names itself.
    Term nodeName() const { return Term::fromRaw(nodeName_.load(std::memory_order_acquire)); }
    void setNodeName(Term name) { nodeName_.store(name.raw(), std::memory_order_release); }
    bool alive() const { return nodeName() != atoms::kNonode; }

    // Installs (or, with nullptr, removes) the router; waits for routing calls in
    // progress to finish first.
    void setRouter(RemoteRouter* router);
    // Runs f(router) (router may be nullptr) with the router kept installed meanwhile.
    template <class F>
    decltype(auto) withRouter(F&& f) {
        std::shared_lock lock(routerMutex_);
        return f(router_);
    }

    // Calls the router (false / dropped when there is none).
    bool routeSignal(Term to, Signal&& s);
    void routeMessage(Term to, Term from, Term msg);
    void routeNamed(Term name, Term node, Term from, Term msg);
    // The same for a sender that may park (RemoteRouter::routeMessageMayPark): true
    // when it must.
    bool routeMessageMayPark(Term to, Term from, Term msg);
    bool routeNamedMayPark(Term name, Term node, Term from, Term msg);

    // Corked remote sends. While a thread runs a process's time slice, the router
    // may hold the remote sends it makes in per-connection buffers and write them
    // together when the slice ends: a burst of sends then costs one system call
    // instead of one each, and a lone send still leaves at once, because a slice
    // ends as soon as its process waits, yields or exits (no timer is involved).
    // Outside a slice (host threads between calls, the network's own thread) sends
    // go out at once. Per thread and nestable; the state is thread-local because a
    // slice is a property of the running thread, not of the runtime.
    void cork();
    void uncork(); // the outermost uncork calls the router's flushCorked() if needed
    // For the router: whether the calling thread is inside a corked slice, and a
    // note that something was held for flushCorked().
    static bool corked();
    static void heldForFlush();

    // A local pid as it is; a remote pid as its canonical copy (see above).
    Term canonicalPid(Term pid);
    Term remotePid(Term node, uint32_t id, uint32_t serial);
    // The node atom of a remote pid (precondition: a boxed ExtPid).
    static Term pidNode(Term pid) { return pid.boxedPtr()[1]; }
    // The number a pid has on its own node (id | serial << 32).
    static uint64_t pidNumber(Term pid) {
        if (pid.isLocalPid()) return pid.pidNumber();
        const Term* p = pid.boxedPtr();
        return (p[2].raw() & 0xffffffffu) | ((p[3].raw() & 0xffffffffu) << 32);
    }

  private:
    struct Key {
        uint64_t node, number;
        bool operator==(const Key&) const = default;
    };
    struct KeyHash {
        size_t operator()(const Key& k) const {
            return size_t((k.node * 0x9E3779B97F4A7C15ull) ^ k.number);
        }
    };
    std::atomic<uint64_t> nodeName_;
    mutable std::shared_mutex routerMutex_;
    RemoteRouter* router_ = nullptr;
    std::mutex pidsMutex_;
    std::unordered_map<Key, Term, KeyHash> pids_;
    std::deque<std::array<Term, 4>> storage_; // stable addresses: the boxes themselves
};

} // namespace pfun::vm
