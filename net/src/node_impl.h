// Inside a Node: the shared state (Node::Impl) and one connection (Connection).
//
// Ownership model, written down because three kinds of thread meet here:
//  - The I/O thread owns every socket, timer and coroutine; Connection fields
//    without a lock below are touched only there.
//  - Scheduler threads route signals: they look the connection up in Impl::peers
//    (under Impl::mutex), build a frame, and hand it to Connection::send (under the
//    connection's queue lock). They never touch a socket.
//  - Host threads (connect/1 from the shell, tests) wait on Impl::cv for the peers
//    table to change.
// Errors inside a connection's coroutines are exceptions (Asio's system_error, and
// ProtocolError for what a peer got wrong); the coroutine's top level catches them,
// logs the reason once and closes that connection only.
#pragma once

#include "wire.h"

#include "pfun/net/node.h"
#include "pfun/vm/runtime.h"

#include <asio.hpp>
#include <asio/ssl.hpp>

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace pfun::net {

using asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// Monitor references made by a peer are numbers from its own counter; they are kept
// apart from ours (and from other peers') by a tag in the high bits while they live
// here, and untagged when they go back.
inline constexpr uint64_t kPeerRefBit = uint64_t(1) << 63;
inline constexpr uint64_t kPeerRefMask = (uint64_t(1) << 48) - 1;

// Something the peer did wrong: the connection is closed with this reason.
struct ProtocolError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Connection : public std::enable_shared_from_this<Connection> {
  public:
    Connection(Node::Impl& node, tcp::socket socket, bool outgoing, std::string dialed);

    // What became of a frame handed to the connection.
    enum class Queued : uint8_t {
        Closed, // the connection is closed: dropped
        Sent,   // queued (or written)
        Busy,   // queued, and the sender was registered to park (sendEnvelopeFrom)
    };
    // Queues a whole frame, length prefix included (any thread); dropped once the
    // connection is closed. Written at once unless the calling thread is corked
    // (vm::Distribution::cork): then it leaves with the rest of the slice's frames
    // when the slice ends (Node::Impl::flushCorked).
    void send(const Bytes& frame);
    // The same for envelope bytes (the prefix is added here, straight into the
    // output buffer). false when the connection is closed.
    bool sendEnvelope(std::span<const uint8_t> envelope);
    // The same for a frame from local process `sender`, which may be suspended
    // (back-pressure, NodeConfig::busyLimitBytes): Busy when the unsent output is past
    // the limit, or still above the low-water mark of a busy period; the sender is
    // then nudged (vm::nudge) once it fell below, or the connection closed.
    Queued sendEnvelopeFrom(std::span<const uint8_t> envelope, vm::Term sender);
    // Writes what corked sends left in the output buffer (any thread).
    void flushCorked();
    // Closes the socket and stops the coroutines (I/O thread). The first reason wins.
    void abort(const std::string& reason);
    // The connection's life: connect (outgoing), handshake, then read frames.
    asio::awaitable<void> run();

    std::string describe() const; // "node@host:port (1.2.3.4:5678)" for log lines

    Node::Impl& node;
    tcp::socket socket;
    const bool outgoing;
    std::string peerName;        // dialed, or announced in Hello
    vm::Term peerAtom;           // set once the peer's name is known
    uint32_t index = 0;          // tells peers' monitor references apart
    uint32_t peerTickMs = 15000; // the peer's tick (from its Hello or Challenge)
    std::atomic<bool> up{false};
    bool countedHandshake = false; // incoming, counted against maxHandshakes
    bool abandoned = false;        // lost a simultaneous connect: not a failure
    bool closed = false;
    std::string closeReason;
    std::string remoteAddress;
    bool tlsUp = false; // the TLS handshake succeeded (I/O thread)

    // Links and monitors across this connection, for `noconnection` when it drops
    // (any thread, under bookMutex). links: (local pid number, remote pid number);
    // monitors: ref -> (local monitoring pid, remote monitored pid).
    std::mutex bookMutex;
    std::set<std::pair<uint64_t, uint64_t>> links;
    std::unordered_map<uint64_t, std::pair<uint64_t, uint64_t>> monitors;

  private:
    // TLS (when the node has a context): the accepting side first checks that the
    // peer starts a TLS handshake at all (a plaintext peer is told so in a plaintext
    // Refused frame), then both sides run the TLS 1.3 handshake.
    asio::awaitable<void> startTls();
    // Reads and writes go through TLS once it is up, else straight to the socket.
    asio::awaitable<size_t> readSome(asio::mutable_buffer buffer);
    asio::awaitable<void> writeAll(asio::const_buffer buffer, std::error_code& ec);
    Queued enqueue(std::span<const uint8_t> prefix, std::span<const uint8_t> body, vm::Term sender);
    // With queueMutex_ held and the writer idle: writes out_ without blocking when
    // the transport allows it; true when the writer must be woken for the rest.
    // Output that leaves may end a busy period: the senders to nudge go to `nudge`.
    bool writeOutLocked(std::vector<vm::Term>& nudge);
    // With queueMutex_ held, after output left: ends the busy period once the unsent
    // bytes fell below the low-water mark, handing back the parked senders.
    void drainedLocked(std::vector<vm::Term>& nudge);
    void wakeWriter();
    asio::awaitable<size_t> writeSome(asio::const_buffer buffer, std::error_code& ec);
    asio::awaitable<void> fill(size_t need);
    // The next frame's envelope bytes, verified; valid until the next call.
    asio::awaitable<std::span<const uint8_t>> readFrame(bool checkVersion = true);
    // The frame at the front of the read buffer, which holds all of it
    // (frameBuffered()): readFrame without waiting. Valid until the next take.
    std::span<const uint8_t> takeFrame(bool checkVersion);
    uint32_t checkedLength() const; // of the frame at the front (its prefix is there)
    asio::awaitable<void> writeNow(const Bytes& frame);
    asio::awaitable<void> refuse(const std::string& reasonForPeer);
    asio::awaitable<void> connectingHandshake();
    asio::awaitable<void> acceptingHandshake();
    asio::awaitable<void> writer();
    asio::awaitable<void> ticker();
    void dispatch(std::span<const uint8_t> frame);
    // Messages are pushed onto their receivers' queues as frames are read, but the
    // receivers are woken only when no complete frame remains buffered: a burst read
    // in one system call wakes each receiver once, not once per message, and a lone
    // message wakes its receiver at once.
    // A message for `to` (nonValue or an unknown pid: dropped after the term is
    // checked) from the peer's pid number `from`; `what` names the frame for errors.
    void deliverMessage(vm::Term to, uint64_t from, const flatbuffers::Vector<uint8_t>* term,
                        const char* what);
    // Pushes the held messages of the current receiver in one step (before any frame
    // other than a message, when the receiver changes, and at the end of a burst).
    void flushBurst();
    void wakeDelivered();
    bool frameBuffered() const;
    void deliverSignal(const wire::ProcSignal& sig);
    void spawnChild(asio::awaitable<void> coro, const char* what);

    // Declared after `socket`, which it refers to: destroyed first.
    std::unique_ptr<asio::ssl::stream<tcp::socket&>> tls_;
    asio::steady_timer writeWake_;
    asio::steady_timer handshakeTimer_;
    asio::steady_timer tickTimer_;
    Clock::time_point lastReceived_;
    std::atomic<int64_t> lastSentMs_{0};

    static constexpr size_t kReadChunk = 64 * 1024;
    Bytes readBuffer_;
    Bytes frame_; // the frame readFrame returned last, when it had to be copied
    std::vector<std::shared_ptr<vm::Process>> toWake_;
    // The burst being decoded for one receiver: its messages, held until flushBurst,
    // and the fragment holding all their terms (one allocation and one adoption per
    // burst instead of per message).
    std::shared_ptr<vm::Process> burstTarget_;
    std::vector<vm::Signal> burst_;
    std::unique_ptr<vm::Heap> burstHeap_;
    bool burstByName_ = false; // burstTarget_ is what lastName_ named at the burst's start
    static constexpr size_t kMaxBurst = 1024;
    static constexpr size_t kBurstHeapWords = 8 * 1024;
    // The last sender's pid number and its canonical remote pid, and the last
    // registered name a RegSend named: consecutive frames mostly repeat them, and
    // both mappings never change (canonical pids and atoms live as long as the
    // runtime), so they skip a locked table each.
    uint64_t lastFrom_ = ~uint64_t(0);
    vm::Term lastFromPid_;
    std::string lastName_;
    vm::Term lastNameAtom_;
    size_t readStart_ = 0, readEnd_ = 0;

    // Output. Frames are appended whole, in order, to out_ (under queueMutex_). The
    // writer swaps out_ with writing_ and writes that with one system call; when it
    // is idle, a sending thread writes out_ itself without blocking (which saves a
    // wake-up of the I/O thread per message). The lock keeps exactly one write in
    // flight, so frames never interleave.
    std::mutex queueMutex_;
    Bytes out_;
    Bytes writing_; // the writer's, outside the lock
    bool writerWaiting_ = false;
    bool queueClosed_ = false;
    bool inCorkList_ = false; // in Node::Impl::corked
    // Back-pressure. inFlight_: bytes the writer took from out_ and the socket has
    // not taken yet; out_.size() + inFlight_ is the connection's unsent output.
    // busy_: it passed the limit and has not yet fallen below the low-water mark
    // (half the limit); every sender that may park parks meanwhile, in parked_
    // (local pids, in order), and is nudged when it ends. Invariant: busy_ implies
    // the unsent bytes are with the writer or corked for a flush, so a drain point
    // (writeOutLocked, the writer, abort) always comes and ends it.
    size_t inFlight_ = 0;
    bool busy_ = false;
    std::vector<vm::Term> parked_;
    // A corked burst larger than this is written without waiting for the slice end.
    static constexpr size_t kCorkBytes = 256 * 1024;
    // An output buffer that grew past this is given back once the writer is idle.
    static constexpr size_t kKeepBytes = 1024 * 1024;
};

struct Node::Impl {
    Impl(vm::Runtime& rt, NodeConfig config);

    void log(const std::string& line);
    int64_t nowMs() const;

    // ---- connection life (I/O thread) ----
    void acceptLoop();
    // The network thread: runs the I/O context until it stops, polling for
    // config.busyWait after each burst of work before it sleeps in the kernel.
    void runIo();
    // Starts an outgoing connection to `peer` unless one is up or being made
    // (any thread; call with mutex held).
    void startConnectLocked(const std::string& peer);
    // A Hello from `peer` arrived on incoming `conn`: may it go on? (simultaneous
    // connects, connecting to oneself)
    bool admitIncoming(Connection& conn, std::string* why);
    void forgetAdmittedLocked(const Connection& conn); // mutex held
    // The handshake succeeded: `conn` becomes the connection to its peer.
    void connectionUp(const std::shared_ptr<Connection>& conn);
    // `conn` ended (failed handshake, or lost): bookkeeping, noconnection, nodedown.
    void connectionDown(const std::shared_ptr<Connection>& conn, const std::string& reason,
                        bool refused);
    void peersAnnounced(const wire::Peers& peers);
    // Of two connections between the same nodes, whether `conn` is the one to keep.
    bool preferred(const Connection& conn) const;

    std::shared_ptr<Connection> peerConnection(vm::Term node) const;
    // Queues a frame for a node that is not connected and starts connecting. true
    // when `parker` (a local pid, or nonValue: never parks) must park: the queue was
    // full, and it is nudged once the connection is up or failed.
    bool sendConnecting(vm::Term node, Bytes frame, vm::Term parker);
    // With mutex held: the senders parked for room in `peer`'s waiting frames.
    void takeWaitingParkedLocked(const std::string& peer, std::vector<vm::Term>& out);
    // Wakes parked senders (vm::nudge), outside every lock; empties `pids`.
    void nudgeAll(std::vector<vm::Term>& pids);
    Bytes peersFrame(const Connection* except) const;
    // Connections holding corked frames (any thread; under corkMutex).
    void addCorked(std::shared_ptr<Connection> conn);
    void flushCorked();

    vm::Runtime& rt;
    NodeConfig config;
    NodeName parts;
    std::string name;
    vm::Term nameAtom;
    Node* owner = nullptr;

    // Declared first: destroyed last (sockets and timers belong to it).
    asio::io_context ioc;
    // The TLS context when the node uses TLS (NodeConfig::tlsCert...), else null.
    std::unique_ptr<asio::ssl::context> tls;
    tcp::acceptor acceptor{ioc};
    std::thread thread;

    mutable std::mutex mutex;
    std::condition_variable cv;
    std::unordered_map<uint64_t, std::shared_ptr<Connection>> peers; // by node atom
    std::map<std::string, std::shared_ptr<Connection>> connecting;   // outgoing, in handshake
    // Incoming connections admitted (their Hello named the peer) and still in the
    // handshake: no outgoing connection to that peer starts meanwhile, so two
    // connections between the same nodes never both come up (frames sent on a
    // connection that loses are lost).
    std::map<std::string, const Connection*> admitted;
    std::set<std::shared_ptr<Connection>> all;          // every open connection
    std::unordered_map<std::string, uint64_t> failures; // finished failed attempts
    static constexpr size_t kMaxWaitingFrames = 1024;
    std::map<std::string, std::vector<Bytes>> waitingFrames;    // for nodes being connected
    std::map<std::string, std::vector<vm::Term>> waitingParked; // senders that found it full
    size_t handshaking = 0;
    uint32_t nextIndex = 1;
    std::vector<std::pair<vm::Term, vm::Term>> nodeMonitors; // (local pid, node atom)
    // Past this size, adding a node monitor first drops those of ended processes
    // (Erlang drops them when the process ends; a node has no hook there, and this
    // keeps the list within twice the live monitors).
    size_t nodeMonitorsPruneAt = 64;
    FrameHandler handler;
    // Set once by ~Node (under mutex, so that cv waiters see it), read by the I/O
    // thread with and without the lock.
    std::atomic<bool> stopping{false};

    std::mutex corkMutex;
    std::vector<std::shared_ptr<Connection>> corked;

    std::atomic<uint64_t> framesIn{0}, framesOut{0}, bytesIn{0}, bytesOut{0}, refused{0}, writes{0};
    std::atomic<uint64_t> busySuspends{0}, peakQueuedBytes{0};
};

} // namespace pfun::net
