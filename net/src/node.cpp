// The node: listener, peers table, connecting, and routing signals to other nodes.
#include "node_impl.h"
#include "shipping_impl.h"

#include "pfun/net/handshake.h"
#include "pfun/vm/construct.h"
#include "pfun/vm/external.h"
#include "pfun/vm/process_registry.h"
#include "pfun/vm/signals.h"

#include <future>

#include <sched.h>

namespace pfun::net {

using asio::use_awaitable;

Node::Impl::Impl(vm::Runtime& r, NodeConfig c) : rt(r), config(std::move(c)) {}

void Node::Impl::log(const std::string& line) {
    std::string text = "[" + name + "] " + line;
    if (config.log)
        config.log(text);
    else
        rt.writeError(text + "\n");
}

int64_t Node::Impl::nowMs() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch())
        .count();
}

void Node::Impl::acceptLoop() {
    acceptor.async_accept([this](std::error_code ec, tcp::socket socket) {
        if (ec) {
            if (ec == asio::error::operation_aborted || stopping) return;
            log("accept failed: " + ec.message());
            acceptLoop();
            return;
        }
        auto conn = std::make_shared<Connection>(*this, std::move(socket), false, "");
        {
            std::lock_guard lock(mutex);
            if (stopping) return;
            if (handshaking >= config.maxHandshakes) {
                refused.fetch_add(1);
                conn->abort("too many connections in the handshake");
                log("refused a connection from " + conn->remoteAddress + ": already " +
                    std::to_string(handshaking) + " connections in the handshake");
                acceptLoop();
                return;
            }
            ++handshaking;
            conn->countedHandshake = true;
            conn->index = nextIndex++;
            all.insert(conn);
        }
        asio::co_spawn(ioc, conn->run(), [this](std::exception_ptr e) {
            if (e) log("a connection ended with an unexpected error");
        });
        acceptLoop();
    });
}

void Node::Impl::startConnectLocked(const std::string& peer) {
    if (stopping || peer == name || connecting.count(peer) || admitted.count(peer)) return;
    auto atom = rt.atoms().find(peer);
    if (atom && peers.count(atom->raw())) return;
    auto conn = std::make_shared<Connection>(*this, tcp::socket(ioc), true, peer);
    conn->index = nextIndex++;
    connecting[peer] = conn;
    all.insert(conn);
    asio::post(ioc, [this, conn] {
        asio::co_spawn(ioc, conn->run(), [this](std::exception_ptr e) {
            if (e) log("a connection ended with an unexpected error");
        });
    });
}

void Node::Impl::forgetAdmittedLocked(const Connection& conn) {
    auto it = admitted.find(conn.peerName);
    if (it != admitted.end() && it->second == &conn) admitted.erase(it);
}

bool Node::Impl::admitIncoming(Connection& conn, std::string* why) {
    std::shared_ptr<Connection> abandon;
    {
        std::lock_guard lock(mutex);
        if (conn.peerName == name) {
            *why = "a node does not connect to itself";
            return false;
        }
        auto it = connecting.find(conn.peerName);
        if (it != connecting.end()) {
            // Both sides are connecting: keep the connection the smaller name started.
            if (name < conn.peerName) {
                *why = "simultaneous connect: keeping the connection " + name + " started";
                return false;
            }
            abandon = it->second;
            abandon->abandoned = true;
            connecting.erase(it);
        }
        admitted[conn.peerName] = &conn;
    }
    if (abandon)
        abandon->abort("simultaneous connect: keeping the connection " + conn.peerName +
                       " started");
    return true;
}

Bytes Node::Impl::peersFrame(const Connection* except) const {
    flatbuffers::FlatBufferBuilder fbb;
    std::vector<flatbuffers::Offset<flatbuffers::String>> names;
    for (const auto& [atom, c] : peers)
        if (c.get() != except) names.push_back(fbb.CreateString(c->peerName));
    auto body = wire::CreatePeers(fbb, fbb.CreateVector(names));
    finishEnvelope(fbb, wire::Body_Peers, body.Union());
    return frameOf(fbb);
}

bool Node::Impl::preferred(const Connection& conn) const {
    // The connection started by the node with the smaller name.
    return conn.outgoing ? name < conn.peerName : conn.peerName < name;
}

void Node::Impl::connectionUp(const std::shared_ptr<Connection>& conn) {
    std::shared_ptr<Connection> replaced;
    std::vector<vm::Term> nudge;
    {
        std::lock_guard lock(mutex);
        if (stopping) {
            conn->abort("node stopping");
            return;
        }
        conn->peerAtom = rt.atom(conn->peerName);
        auto existing = peers.find(conn->peerAtom.raw());
        if (existing != peers.end() && existing->second != conn && preferred(*existing->second) &&
            !preferred(*conn)) {
            // Both connections of a simultaneous connect got through: keep the one
            // the smaller name started, on both sides.
            conn->abandoned = true;
            conn->abort("duplicate connection");
            return;
        }
        if (conn->outgoing) {
            auto it = connecting.find(conn->peerName);
            if (it != connecting.end() && it->second == conn) connecting.erase(it);
        } else {
            forgetAdmittedLocked(*conn);
            if (conn->countedHandshake) {
                conn->countedHandshake = false;
                --handshaking;
            }
        }
        auto& slot = peers[conn->peerAtom.raw()];
        replaced = slot;
        slot = conn;
        conn->up.store(true);
        // Queued before anything else can find the connection in `peers` (under the
        // same lock): the peers announcement, then the frames that waited for the
        // connection, so a message sent meanwhile never overtakes them. The senders
        // that waited for room among those frames go on afterwards.
        conn->send(peersFrame(conn.get()));
        if (auto it = waitingFrames.find(conn->peerName); it != waitingFrames.end()) {
            for (Bytes& frame : it->second)
                conn->send(frame);
            waitingFrames.erase(it);
        }
        takeWaitingParkedLocked(conn->peerName, nudge);
        cv.notify_all();
    }
    if (replaced && replaced != conn) replaced->abort("replaced by a new connection");
    log(std::string("connected to ") + conn->describe() + (conn->tlsUp ? " (TLS)" : "") +
        (conn->outgoing ? "" : " (it connected to us)"));
    nudgeAll(nudge);
}

bool Node::Impl::sendConnecting(vm::Term node, Bytes frame, vm::Term parker) {
    // A message to a node that is not connected connects to it, as in Erlang; the
    // frames wait (bounded) until the connection is up, and are dropped if it fails.
    // A sender that may park and finds the queue full parks instead of losing its
    // message (back-pressure), until the connection is up or failed.
    std::string peer = rt.atoms().name(node);
    if (!parseNodeName(peer)) return false;
    std::lock_guard lock(mutex);
    if (auto it = peers.find(node.raw()); it != peers.end()) {
        it->second->send(std::move(frame));
        return false;
    }
    if (stopping) return false;
    auto& queue = waitingFrames[peer];
    const bool full = queue.size() >= kMaxWaitingFrames;
    if (full && !parker.isLocalPid()) return false;
    queue.push_back(std::move(frame));
    startConnectLocked(peer);
    if (!full) return false;
    auto& parked = waitingParked[peer];
    if (parked.empty() || parked.back() != parker) parked.push_back(parker);
    busySuspends.fetch_add(1, std::memory_order_relaxed);
    return true;
}

void Node::Impl::takeWaitingParkedLocked(const std::string& peer, std::vector<vm::Term>& out) {
    auto it = waitingParked.find(peer);
    if (it == waitingParked.end()) return;
    out.insert(out.end(), it->second.begin(), it->second.end());
    waitingParked.erase(it);
}

void Node::Impl::nudgeAll(std::vector<vm::Term>& pids) {
    // A process that ended meanwhile is simply not found.
    for (vm::Term pid : pids)
        vm::nudge(rt, pid);
    pids.clear();
}

void Node::Impl::connectionDown(const std::shared_ptr<Connection>& conn, const std::string& reason,
                                bool protocolError) {
    bool wasPeer = false;
    std::vector<vm::Term> toNotify, nudge;
    {
        std::lock_guard lock(mutex);
        all.erase(conn);
        if (conn->up.load()) {
            auto it = peers.find(conn->peerAtom.raw());
            if (it != peers.end() && it->second == conn) {
                peers.erase(it);
                wasPeer = true;
            }
        } else {
            if (conn->outgoing) {
                auto it = connecting.find(conn->peerName);
                if (it != connecting.end() && it->second == conn) connecting.erase(it);
            } else {
                forgetAdmittedLocked(*conn);
            }
            if (conn->countedHandshake) {
                conn->countedHandshake = false;
                --handshaking;
            }
            if (!conn->abandoned && !conn->peerName.empty()) {
                ++failures[conn->peerName];
                waitingFrames.erase(conn->peerName);
                takeWaitingParkedLocked(conn->peerName, nudge);
            }
        }
        if (wasPeer) {
            for (auto it = nodeMonitors.begin(); it != nodeMonitors.end();) {
                if (it->second == conn->peerAtom) {
                    toNotify.push_back(it->first);
                    it = nodeMonitors.erase(it);
                } else {
                    ++it;
                }
            }
        }
        // Logged before waiters wake: whoever learns that connecting failed finds the
        // reason in the log already.
        if (!conn->up.load() && !conn->abandoned && !stopping)
            log(std::string(conn->outgoing ? "connection to " : "connection from ") +
                conn->describe() + " refused: " + reason);
        if (protocolError) refused.fetch_add(1);
        cv.notify_all();
    }
    nudgeAll(nudge); // their frames are dropped, as for any unreachable node
    if (stopping || !conn->up.load()) return;
    log("connection to " + conn->describe() + " lost: " + reason);
    // Every link and monitor across the connection fires with noconnection.
    std::set<std::pair<uint64_t, uint64_t>> links;
    std::unordered_map<uint64_t, std::pair<uint64_t, uint64_t>> monitors;
    {
        std::lock_guard lock(conn->bookMutex);
        links.swap(conn->links);
        monitors.swap(conn->monitors);
    }
    auto& dist = rt.distribution();
    for (auto [local, remote] : links) {
        vm::Term r = dist.remotePid(conn->peerAtom, uint32_t(remote), uint32_t(remote >> 32));
        vm::sendSignal(rt, vm::Term::makeLocalPid(local),
                       vm::makeSignal(vm::SignalKind::LinkExit, r, vm::atoms::kNoconnection),
                       nullptr);
    }
    for (auto& [ref, pair] : monitors) {
        vm::Term r =
            dist.remotePid(conn->peerAtom, uint32_t(pair.second), uint32_t(pair.second >> 32));
        vm::sendSignal(rt, vm::Term::makeLocalPid(pair.first),
                       vm::makeSignal(vm::SignalKind::Down, r, vm::atoms::kNoconnection, ref),
                       nullptr);
    }
    if (wasPeer && !toNotify.empty()) {
        vm::Heap scratch(8);
        vm::Term msg = vm::makeTuple(scratch, {rt.atom("nodedown"), conn->peerAtom});
        for (vm::Term pid : toNotify)
            vm::sendSignal(rt, pid, vm::makeSignal(vm::SignalKind::Message, pid, msg), nullptr);
    }
}

void Node::Impl::peersAnnounced(const wire::Peers& list) {
    if (!list.names()) return;
    std::lock_guard lock(mutex);
    for (const auto* n : *list.names()) {
        if (!n) continue;
        std::string peer = n->str();
        if (!parseNodeName(peer)) {
            log("ignored a malformed node name in a Peers frame: " + peer);
            continue;
        }
        startConnectLocked(peer);
    }
}

void Node::Impl::addCorked(std::shared_ptr<Connection> conn) {
    std::lock_guard lock(corkMutex);
    corked.push_back(std::move(conn));
}

void Node::Impl::flushCorked() {
    std::vector<std::shared_ptr<Connection>> list;
    {
        std::lock_guard lock(corkMutex);
        list.swap(corked);
    }
    for (const auto& c : list)
        c->flushCorked();
}

std::shared_ptr<Connection> Node::Impl::peerConnection(vm::Term node) const {
    std::lock_guard lock(mutex);
    auto it = peers.find(node.raw());
    return it == peers.end() ? nullptr : it->second;
}

// ---- Node ----

namespace {

// The TLS 1.3 context of a node: its certificate and key, and the CA that every peer's
// certificate must be signed by (both sides verify). null with the reason on failure.
std::unique_ptr<asio::ssl::context> makeTlsContext(const NodeConfig& c, std::string* why) {
    if (c.tlsCert.empty() || c.tlsKey.empty() || c.tlsCa.empty()) {
        *why = "TLS needs all three of --tls-cert, --tls-key and --tls-ca";
        return nullptr;
    }
    auto ctx = std::make_unique<asio::ssl::context>(asio::ssl::context::tls);
    SSL_CTX* raw = ctx->native_handle();
    if (SSL_CTX_set_min_proto_version(raw, TLS1_3_VERSION) != 1) {
        *why = "TLS 1.3 is not available";
        return nullptr;
    }
    std::error_code ec;
    ctx->use_certificate_chain_file(c.tlsCert, ec);
    if (ec) {
        *why = "TLS certificate " + c.tlsCert + ": " + ec.message();
        return nullptr;
    }
    ctx->use_private_key_file(c.tlsKey, asio::ssl::context::pem, ec);
    if (ec) {
        *why = "TLS key " + c.tlsKey + ": " + ec.message();
        return nullptr;
    }
    if (SSL_CTX_check_private_key(raw) != 1) {
        *why = "TLS key " + c.tlsKey + " does not belong to the certificate " + c.tlsCert;
        return nullptr;
    }
    ctx->load_verify_file(c.tlsCa, ec);
    if (ec) {
        *why = "TLS CA " + c.tlsCa + ": " + ec.message();
        return nullptr;
    }
    ctx->set_verify_mode(asio::ssl::verify_peer | asio::ssl::verify_fail_if_no_peer_cert);
    return ctx;
}

} // namespace

Node::Node(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

std::unique_ptr<Node> Node::start(vm::Runtime& rt, NodeConfig config, std::string* error) {
    auto fail = [&](std::string why) -> std::unique_ptr<Node> {
        if (error) *error = std::move(why);
        return nullptr;
    };
    std::string nameError;
    auto parts = parseNodeName(config.name, &nameError);
    if (!parts) return fail(nameError);
    if (config.secret.size() < kMinSecretBytes)
        return fail("no cluster secret (a file of 32 random bytes: --secret-file)");
    if (rt.distribution().alive()) return fail("this runtime already belongs to a node");
    auto impl = std::make_unique<Impl>(rt, std::move(config));
    impl->parts = *parts;
    const NodeConfig& c = impl->config;
    if (!c.tlsCert.empty() || !c.tlsKey.empty() || !c.tlsCa.empty()) {
        std::string why;
        impl->tls = makeTlsContext(c, &why);
        if (!impl->tls) return fail(why);
    }
    std::error_code ec;
    auto address = asio::ip::make_address(impl->config.listenAddress, ec);
    if (ec) return fail("bad listen address " + impl->config.listenAddress + ": " + ec.message());
    tcp::endpoint endpoint(address, parts->port);
    impl->acceptor.open(endpoint.protocol(), ec);
    if (!ec) impl->acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) impl->acceptor.bind(endpoint, ec);
    if (!ec) impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
        return fail("cannot listen on " + impl->config.listenAddress + ":" +
                    std::to_string(parts->port) + ": " + ec.message());
    impl->parts.port = impl->acceptor.local_endpoint().port();
    impl->name = impl->parts.text();
    impl->nameAtom = rt.atom(impl->name);
    std::unique_ptr<Node> node(new Node(std::move(impl)));
    Impl& in = *node->impl_;
    in.owner = node.get();
    rt.distribution().setNodeName(in.nameAtom);
    rt.distribution().setRouter(node.get());
    in.acceptLoop();
    in.thread = std::thread([&in] { in.runIo(); });
    return node;
}

namespace {

// CPUs this process may run on (its affinity mask; 0 when it cannot be read).
int usableCpus() {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0) return 0;
    return CPU_COUNT(&set);
}

} // namespace

void Node::Impl::runIo() {
    using Clock = std::chrono::steady_clock;
    auto guard = asio::make_work_guard(ioc);
    // On one CPU, polling only delays the thread that is to answer: sleep at once.
    const std::chrono::microseconds busyWait =
        usableCpus() == 1 ? std::chrono::microseconds(0) : config.busyWait;
    for (;;) {
        try {
            while (!ioc.stopped()) {
                if (ioc.run_one() == 0) break; // stopped
                // A request just went out or came in: its answer or the next one
                // usually follows within microseconds. Poll for it without sleeping
                // (the kernel's wake-up of an idle CPU costs more than the whole
                // exchange), yielding the CPU between polls to whoever needs it
                // (on one CPU: the peer that is to answer).
                Clock::time_point until = Clock::now() + busyWait;
                while (busyWait.count() > 0 && !ioc.stopped()) {
                    if (ioc.poll() > 0) {
                        until = Clock::now() + busyWait;
                    } else if (Clock::now() >= until) {
                        break;
                    } else {
                        std::this_thread::yield();
                    }
                }
            }
            return;
        } catch (const std::exception& e) {
            log(std::string("I/O thread: unexpected error: ") + e.what());
        }
    }
}

Node::~Node() {
    Impl& in = *impl_;
    // Processes may still run (and the network thread still delivers to them), so
    // the order matters:
    // 1. `stopping` first: connect() waits end now (a BIF may hold the router lock
    //    or a shipping use while it waits), nothing new connects, and frames for
    //    nodes not connected are dropped.
    {
        std::lock_guard lock(in.mutex);
        in.stopping = true;
        in.cv.notify_all();
    }
    // 2. Shipping: wait for the uses in progress, refuse new ones, answer whoever
    //    waits on it. Before the router goes, so that those answers and the uses
    //    still finishing may route as usual.
    if (shipping_) shipping_->stop();
    // 3. Uninstall: waits for the routing calls in progress; afterwards BIFs find no
    //    node and remote sends are dropped.
    in.rt.distribution().setRouter(nullptr);
    in.rt.distribution().setNodeName(vm::atoms::kNonode);
    std::promise<void> closed;
    asio::post(in.ioc, [&in, &closed] {
        std::set<std::shared_ptr<Connection>> all;
        {
            std::lock_guard lock(in.mutex);
            all = in.all;
        }
        std::error_code ec;
        in.acceptor.close(ec);
        for (const auto& c : all)
            c->abort("node stopping");
        // Senders waiting for a connection that will now never come go on.
        std::vector<vm::Term> nudge;
        {
            std::lock_guard lock(in.mutex);
            for (auto& [peer, pids] : in.waitingParked)
                nudge.insert(nudge.end(), pids.begin(), pids.end());
            in.waitingParked.clear();
        }
        in.nudgeAll(nudge);
        closed.set_value();
    });
    closed.get_future().wait();
    in.ioc.stop();
    if (in.thread.joinable()) in.thread.join();
    std::lock_guard lock(in.mutex);
    in.peers.clear();
    in.connecting.clear();
    in.all.clear();
}

const std::string& Node::name() const {
    return impl_->name;
}
vm::Term Node::nameAtom() const {
    return impl_->nameAtom;
}
uint16_t Node::port() const {
    return impl_->parts.port;
}
vm::Runtime& Node::runtime() {
    return impl_->rt;
}

bool Node::connect(std::string_view peer, std::chrono::milliseconds timeout) {
    Impl& in = *impl_;
    std::string nameError;
    std::string target(peer);
    if (!parseNodeName(target, &nameError)) {
        in.log("connect: " + nameError);
        return false;
    }
    if (target == in.name) return true;
    // A process may wait here for a while: what it sent before goes first.
    in.flushCorked();
    vm::Term atom = in.rt.atom(target);
    std::unique_lock lock(in.mutex);
    if (in.peers.count(atom.raw())) return true;
    uint64_t failuresBefore = in.failures[target];
    in.startConnectLocked(target);
    in.cv.wait_for(lock, timeout, [&] {
        return in.stopping || in.peers.count(atom.raw()) || in.failures[target] != failuresBefore;
    });
    return in.peers.count(atom.raw()) != 0;
}

bool Node::disconnect(std::string_view peer) {
    auto atom = impl_->rt.atoms().find(peer);
    if (!atom) return false;
    auto conn = impl_->peerConnection(*atom);
    if (!conn) return false;
    asio::post(impl_->ioc, [conn] { conn->abort("disconnected by this node"); });
    return true;
}

std::vector<std::string> Node::peers() const {
    std::lock_guard lock(impl_->mutex);
    std::vector<std::string> out;
    for (const auto& [atom, c] : impl_->peers)
        out.push_back(c->peerName);
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<vm::Term> Node::peerAtoms() const {
    std::lock_guard lock(impl_->mutex);
    std::vector<std::pair<std::string, vm::Term>> named;
    for (const auto& [atom, c] : impl_->peers)
        named.emplace_back(c->peerName, c->peerAtom);
    std::sort(named.begin(), named.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<vm::Term> out;
    for (auto& n : named)
        out.push_back(n.second);
    return out;
}

bool Node::isTls() const {
    return impl_->tls != nullptr;
}

bool Node::isConnected(std::string_view peer) const {
    auto atom = impl_->rt.atoms().find(peer);
    return atom && impl_->peerConnection(*atom) != nullptr;
}

void Node::monitorNode(vm::Term pid, vm::Term node, bool on) {
    Impl& in = *impl_;
    std::unique_lock lock(in.mutex);
    if (!on) {
        // Removes one monitor, as demonitor does in Erlang (monitor_node/2 stacks).
        for (auto it = in.nodeMonitors.begin(); it != in.nodeMonitors.end(); ++it)
            if (it->first == pid && it->second == node) {
                in.nodeMonitors.erase(it);
                break;
            }
        return;
    }
    if (in.peers.count(node.raw()) || node == in.nameAtom) {
        if (in.nodeMonitors.size() >= in.nodeMonitorsPruneAt) {
            std::erase_if(in.nodeMonitors,
                          [&](const auto& m) { return !in.rt.processes().find(m.first); });
            in.nodeMonitorsPruneAt = std::max<size_t>(64, 2 * in.nodeMonitors.size());
        }
        in.nodeMonitors.emplace_back(pid, node);
        return;
    }
    lock.unlock();
    vm::Heap scratch(8);
    vm::Term msg = vm::makeTuple(scratch, {in.rt.atom("nodedown"), node});
    vm::sendSignal(in.rt, pid, vm::makeSignal(vm::SignalKind::Message, pid, msg), nullptr);
}

size_t Node::nodeMonitorCount() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->nodeMonitors.size();
}

void Node::setFrameHandler(FrameHandler handler) {
    std::lock_guard lock(impl_->mutex);
    impl_->handler = std::move(handler);
}

bool Node::sendEnvelope(vm::Term peer, std::span<const uint8_t> envelope) {
    if (envelope.size() > impl_->config.maxFrameBytes) return false;
    auto conn = impl_->peerConnection(peer);
    if (!conn) return false;
    return conn->sendEnvelope(envelope);
}

Node::Stats Node::stats() const {
    Stats s;
    s.framesIn = impl_->framesIn.load();
    s.framesOut = impl_->framesOut.load();
    s.bytesIn = impl_->bytesIn.load();
    s.bytesOut = impl_->bytesOut.load();
    s.refused = impl_->refused.load();
    s.writes = impl_->writes.load();
    s.busySuspends = impl_->busySuspends.load();
    s.peakQueuedBytes = impl_->peakQueuedBytes.load();
    return s;
}

// ---- routing (scheduler threads) ----

namespace {

// Buffers for building frames, one set per sending thread: scheduler threads send
// many frames, and reusing these saves three allocations per message. A cache, not
// shared state: nothing in it outlives the call that fills it.
struct FrameScratch {
    Bytes payload;
    flatbuffers::FlatBufferBuilder fbb{1024};
};
FrameScratch& frameScratch() {
    thread_local FrameScratch scratch;
    scratch.payload.clear();
    scratch.fbb.Clear();
    return scratch;
}

bool encodeOrLog(Node::Impl& in, vm::Term t, Bytes& out, const char* what) {
    if (vm::encodeTerm(t, in.rt.atoms(), out, in.nameAtom)) return true;
    in.log(std::string("dropped a ") + what + ": the term cannot be encoded");
    return false;
}

} // namespace

namespace {

// Queues a message frame built in `fbb` on `conn` (null: not connected, then it waits
// for the connection). `parker`: the sending process when it may park (a local pid),
// else nonValue. true when it must park.
bool queueMessage(Node::Impl& in, const std::shared_ptr<Connection>& conn, vm::Term node,
                  flatbuffers::FlatBufferBuilder& fbb, vm::Term parker) {
    std::span<const uint8_t> envelope(fbb.GetBufferPointer(), fbb.GetSize());
    if (conn) {
        if (!parker.isLocalPid()) {
            if (conn->sendEnvelope(envelope)) return false;
        } else if (auto q = conn->sendEnvelopeFrom(envelope, parker);
                   q != Connection::Queued::Closed) {
            return q == Connection::Queued::Busy;
        }
    }
    return in.sendConnecting(node, frameOf(fbb), parker);
}

// to ! msg for another node's pid; true when the sender must park (mayPark).
bool routeMessageFrom(Node::Impl& in, vm::Term to, vm::Term from, vm::Term msg, bool mayPark) {
    if (!from.isLocalPid()) return false;
    vm::Term node = vm::Distribution::pidNode(to);
    auto conn = in.peerConnection(node);
    FrameScratch& scratch = frameScratch();
    Bytes& payload = scratch.payload;
    if (!encodeOrLog(in, msg, payload, "message")) return false;
    if (payload.size() + 64 > in.config.maxFrameBytes) {
        in.log("dropped a message of " + std::to_string(payload.size()) +
               " bytes: larger than the frame limit");
        return false;
    }
    flatbuffers::FlatBufferBuilder& fbb = scratch.fbb;
    auto body = wire::CreateSend(fbb, from.pidNumber(), vm::Distribution::pidNumber(to),
                                 fbb.CreateVector(payload));
    finishEnvelope(fbb, wire::Body_Send, body.Union());
    return queueMessage(in, conn, node, fbb, mayPark ? from : vm::Term::nonValue());
}

// {Name, Node} ! Msg; true when the sender must park (mayPark).
bool routeNamedFrom(Node::Impl& in, vm::Term name, vm::Term node, vm::Term from, vm::Term msg,
                    bool mayPark) {
    if (!from.isLocalPid()) return false;
    auto conn = in.peerConnection(node);
    FrameScratch& scratch = frameScratch();
    Bytes& payload = scratch.payload;
    if (!encodeOrLog(in, msg, payload, "message")) return false;
    if (payload.size() + 256 > in.config.maxFrameBytes) {
        in.log("dropped a message of " + std::to_string(payload.size()) +
               " bytes: larger than the frame limit");
        return false;
    }
    flatbuffers::FlatBufferBuilder& fbb = scratch.fbb;
    auto body = wire::CreateRegSend(fbb, from.pidNumber(),
                                    fbb.CreateString(std::string(in.rt.atoms().name(name))),
                                    fbb.CreateVector(payload));
    finishEnvelope(fbb, wire::Body_RegSend, body.Union());
    return queueMessage(in, conn, node, fbb, mayPark ? from : vm::Term::nonValue());
}

} // namespace

void Node::routeMessage(vm::Term to, vm::Term from, vm::Term msg) {
    routeMessageFrom(*impl_, to, from, msg, false);
}

void Node::routeNamed(vm::Term name, vm::Term node, vm::Term from, vm::Term msg) {
    routeNamedFrom(*impl_, name, node, from, msg, false);
}

bool Node::routeMessageMayPark(vm::Term to, vm::Term from, vm::Term msg) {
    return routeMessageFrom(*impl_, to, from, msg, true);
}

bool Node::routeNamedMayPark(vm::Term name, vm::Term node, vm::Term from, vm::Term msg) {
    return routeNamedFrom(*impl_, name, node, from, msg, true);
}

bool Node::routeSignal(vm::Term to, vm::Signal&& s) {
    Impl& in = *impl_;
    if (!s.from.isLocalPid()) return false;
    auto conn = in.peerConnection(vm::Distribution::pidNode(to));
    if (!conn) return false;
    uint64_t from = s.from.pidNumber(), target = vm::Distribution::pidNumber(to);
    wire::SignalKind kind;
    bool withReason = false;
    uint64_t ref = s.ref & kPeerRefBit ? s.ref & kPeerRefMask : s.ref;
    switch (s.kind) {
    case vm::SignalKind::Message: {
        FrameScratch& scratch = frameScratch();
        if (!encodeOrLog(in, s.payload, scratch.payload, "message")) return true;
        flatbuffers::FlatBufferBuilder& fbb = scratch.fbb;
        auto body = wire::CreateSend(fbb, from, target, fbb.CreateVector(scratch.payload));
        finishEnvelope(fbb, wire::Body_Send, body.Union());
        conn->sendEnvelope(std::span(fbb.GetBufferPointer(), fbb.GetSize()));
        return true;
    }
    case vm::SignalKind::Exit:
        kind = wire::SignalKind_Exit;
        withReason = true;
        break;
    case vm::SignalKind::LinkExit: {
        kind = wire::SignalKind_LinkExit;
        withReason = true;
        std::lock_guard lock(conn->bookMutex);
        conn->links.erase({from, target});
        break;
    }
    case vm::SignalKind::Link: {
        kind = wire::SignalKind_Link;
        std::lock_guard lock(conn->bookMutex);
        conn->links.insert({from, target});
        break;
    }
    case vm::SignalKind::Unlink: {
        kind = wire::SignalKind_Unlink;
        std::lock_guard lock(conn->bookMutex);
        conn->links.erase({from, target});
        break;
    }
    case vm::SignalKind::Monitor: {
        kind = wire::SignalKind_Monitor;
        std::lock_guard lock(conn->bookMutex);
        conn->monitors[s.ref] = {from, target};
        break;
    }
    case vm::SignalKind::Demonitor: {
        kind = wire::SignalKind_Demonitor;
        std::lock_guard lock(conn->bookMutex);
        conn->monitors.erase(s.ref);
        break;
    }
    case vm::SignalKind::Down:
        kind = wire::SignalKind_Down;
        withReason = true;
        break;
    default: return false; // process_info across nodes is not offered
    }
    Bytes reason;
    if (withReason && !vm::encodeTerm(s.payload, in.rt.atoms(), reason, in.nameAtom)) {
        reason.clear();
        vm::encodeTerm(in.rt.atom("unencodable_reason"), in.rt.atoms(), reason, in.nameAtom);
    }
    flatbuffers::FlatBufferBuilder fbb(reason.size() + 64);
    auto body = wire::CreateProcSignal(fbb, kind, from, target, ref,
                                       withReason ? fbb.CreateVector(reason) : 0);
    finishEnvelope(fbb, wire::Body_ProcSignal, body.Union());
    conn->sendEnvelope(std::span(fbb.GetBufferPointer(), fbb.GetSize()));
    return true;
}

void Node::flushCorked() {
    impl_->flushCorked();
}

} // namespace pfun::net
