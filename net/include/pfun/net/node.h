// Node: one pfun node on the network — a vm::Runtime plus its listener, its
// connections to other nodes and the peers table.
//
// What it guarantees:
//  - At most one connection per peer is in use. Two nodes that connect to each other
//    at the same moment keep the connection the node with the smaller name started
//    (decided on both sides from the names alone, no extra messages).
//  - Nothing but handshake frames is accepted on a connection before the mutual
//    HMAC handshake succeeded (handshake.h, docs/protocol.md). Connections still in
//    the handshake are capped (NodeConfig::maxHandshakes) and timed out.
//  - A malformed frame (too long, failing the FlatBuffers verifier, an undecodable
//    term, a kind not allowed at that point) closes that connection with a logged
//    reason; the node and its other connections go on.
//  - A peer that sends nothing for one tick is considered gone (heartbeats are sent
//    every quarter tick); when a connection is lost every link and monitor across it
//    fires with `noconnection`, and monitor_node/2 subscribers get {nodedown, Node}.
//  - The mesh is transitive: after the handshake each side names its other peers,
//    and the receiver connects to those it does not know.
//
// Threads: one I/O thread per node runs Asio (accept, read, write, timers) and never
// runs VM code: it decodes frames and pushes signals onto processes' queues. Sends
// come from scheduler threads through the vm::RemoteRouter interface and are queued
// per connection (one writer per connection, no interleaved frames). Sends made
// during a time slice are corked (vm::Distribution::cork): they leave together when
// the slice ends, so a burst of messages costs one system call.
//
// No global state: the Node installs itself into its runtime's Distribution (which
// is how BIFs find it) and removes itself when destroyed. The runtime must outlive
// the Node.
//
// Teardown: a Node may be destroyed while its runtime's processes still run (and
// while its own network thread runs slices of them). ~Node wakes every connect()
// wait, waits for the shipping calls in progress and answers the processes waiting
// on shipping (shipping.h, Lifetime), uninstalls itself (waiting for the sends in
// progress), closes every connection and joins its I/O thread; only then is anything
// freed. A host that is shutting down stops the scheduler first (Scheduler::stop is
// for good), so that no process runs during the teardown at all.
#pragma once

#include "pfun/net/node_name.h"
#include "pfun/vm/distribution.h"
#include "pfun/vm/term.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace pfun::vm {
class Runtime;
}

namespace pfun::net {

inline constexpr uint16_t kProtocolVersion = 1;

struct NodeConfig {
    // name@host:port; port 0 picks a free port (name() then holds the real one).
    std::string name;
    // Address the listener binds (the name's host is what peers dial).
    std::string listenAddress = "127.0.0.1";
    // The cluster secret (readSecretFile); every node of a cluster holds the same.
    std::vector<uint8_t> secret;
    // A peer silent for this long is considered gone; heartbeats go every quarter.
    std::chrono::milliseconds tick{15000};
    // How long a connection may take from TCP connect to the end of the handshake.
    std::chrono::milliseconds handshakeTimeout{5000};
    // Largest frame accepted or sent, in bytes (length prefix excluded).
    size_t maxFrameBytes = size_t(64) << 20;
    // Connections in the handshake at once (incoming); more are closed at accept.
    size_t maxHandshakes = 64;
    // TLS 1.3 (optional): PEM files of this node's certificate (chain), its private
    // key, and the CA certificate(s) that every node's certificate must be signed by.
    // All three or none. With them, every connection is TLS 1.3 with both sides
    // presenting and verifying certificates, and the HMAC handshake runs inside;
    // a plaintext peer is refused (and a TLS peer by a node without them).
    std::string tlsCert, tlsKey, tlsCa;
    // Back-pressure (as Erlang's dist_buf_busy_limit, which counts KiB): when the
    // bytes queued on a connection and not yet taken by the socket pass this, a
    // process that sends on it is suspended until they fall below half of it (or the
    // connection closes). Its message is queued first, so nothing is lost and order
    // is kept. Signals that must not wait (exit signals, links, monitors, 'DOWN',
    // frames the node sends itself) are never held back. 0: no limit.
    size_t busyLimitBytes = size_t(1) << 20;
    // How long the network thread keeps polling after it handled something before it
    // sleeps in the kernel (as BEAM's schedulers spin before they sleep). A reply
    // that comes back within it is read at once instead of after waking an idle
    // CPU (tens of microseconds each way); between polls the thread yields the CPU
    // to any thread that wants it. 0: sleep at once (also what a node confined to
    // one CPU does, where polling would only delay the thread that is to answer).
    std::chrono::microseconds busyWait{50};
    // Where the node's log lines go (one line per call, no newline); the runtime's
    // error output when empty.
    std::function<void(std::string_view)> log;
};

class Connection;
class Shipping;

class Node : public vm::RemoteRouter {
  public:
    // Binds the listener, starts the I/O thread and installs the node into `rt`
    // (node() answers its name from then on). nullptr with a reason in *error when
    // the name is malformed, the secret missing or the port cannot be bound.
    static std::unique_ptr<Node> start(vm::Runtime& rt, NodeConfig config, std::string* error);
    // Uninstalls the node from its runtime, closes every connection (peers see
    // them drop) and stops the I/O thread; safe while processes run (Teardown above).
    // Not from a process.
    ~Node() override;
    Node(const Node&) = delete;
    Node& operator=(const Node&) = delete;

    const std::string& name() const;
    vm::Term nameAtom() const;
    uint16_t port() const;
    vm::Runtime& runtime();

    // Connects to `peer` unless connected, and waits until that settles (up to
    // `timeout`): true when connected. Safe from any thread but the I/O thread.
    bool connect(std::string_view peer, std::chrono::milliseconds timeout);
    // Closes the connection to `peer` (links and monitors across it fire).
    bool disconnect(std::string_view peer);
    // Names of the connected peers (nodes/0).
    std::vector<std::string> peers() const;
    std::vector<vm::Term> peerAtoms() const;
    bool isConnected(std::string_view peer) const;
    // Whether this node's connections use TLS (NodeConfig::tlsCert and the rest).
    bool isTls() const;

    // monitor_node(Node, true/false) for local process `pid`: {nodedown, Node} when
    // the connection goes (at once when not connected).
    void monitorNode(vm::Term pid, vm::Term node, bool on);
    // Node monitors held (those of ended processes go when the list grows).
    size_t nodeMonitorCount() const;

    // ---- for the remote spawn and code shipping layer ----
    // Frames of kinds this layer does not serve itself (Spawn, SpawnReply,
    // ResultQuery, ResultReply, CodeWant, CodePush) go to this handler on the I/O
    // thread: `peer` is the sender's node atom, `frame` the verified envelope bytes
    // (wire_generated.h: GetEnvelope). Returning false closes the connection as a
    // protocol error with the reason in *why.
    using FrameHandler =
        std::function<bool(vm::Term peer, std::span<const uint8_t> frame, std::string* why)>;
    void setFrameHandler(FrameHandler handler);
    // Queues a finished envelope (a FlatBuffers buffer whose root is an Envelope)
    // for `peer`; false when not connected.
    bool sendEnvelope(vm::Term peer, std::span<const uint8_t> envelope);

    // The code shipping layer (shipping.h) is owned by the node once attached, and
    // destroyed after the I/O thread stopped (members go after the destructor body).
    // Processes reach it only through shippingOf (a counted use), never this pointer.
    void attachShipping(std::shared_ptr<Shipping> s) { shipping_ = std::move(s); }
    Shipping* shipping() const { return shipping_.get(); }

    // Counters since start (for status and tests).
    struct Stats {
        uint64_t framesIn = 0, framesOut = 0, bytesIn = 0, bytesOut = 0;
        uint64_t refused = 0; // connections closed for a protocol or auth error
        uint64_t writes = 0;  // writes to sockets after the handshake (frames coalesce)
        // Back-pressure (NodeConfig::busyLimitBytes): how many times a sending
        // process was suspended on a busy connection, and the most bytes one
        // connection ever held unsent.
        uint64_t busySuspends = 0;
        uint64_t peakQueuedBytes = 0;
    };
    Stats stats() const;

    // vm::RemoteRouter (called from scheduler threads).
    bool routeSignal(vm::Term to, vm::Signal&& s) override;
    void routeMessage(vm::Term to, vm::Term from, vm::Term msg) override;
    void routeNamed(vm::Term name, vm::Term node, vm::Term from, vm::Term msg) override;
    void flushCorked() override;
    bool routeMessageMayPark(vm::Term to, vm::Term from, vm::Term msg) override;
    bool routeNamedMayPark(vm::Term name, vm::Term node, vm::Term from, vm::Term msg) override;

    struct Impl;

  private:
    explicit Node(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
    std::shared_ptr<Shipping> shipping_; // declared last: destroyed first
};

// Registers the distribution BIFs into `rt` (after the standard library's, whose
// node/0 they replace): node/0, node/1, nodes/0, is_alive/0, monitor_node/2,
// disconnect_node/1, net_kernel:connect_node/1, net:connect/1, net:ping/1. Without a
// Node installed they answer as a node that is not alive.
void registerNetBifs(vm::Runtime& rt);

} // namespace pfun::net
