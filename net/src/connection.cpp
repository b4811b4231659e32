// One connection to another node: the handshake, then one reader (this coroutine),
// one writer (a queue drained by its own coroutine) and a heartbeat ticker.
#include "node_impl.h"

#include "pfun/net/handshake.h"
#include "pfun/vm/construct.h"
#include "pfun/vm/external.h"
#include "pfun/vm/process.h"
#include "pfun/vm/process_registry.h"
#include "pfun/vm/scheduler.h"
#include "pfun/vm/signals.h"

#include <algorithm>
#include <array>
#include <cstring>

#include <sys/socket.h>

namespace pfun::net {

using asio::use_awaitable;

namespace {

// What a refused peer is told; the simultaneous-connect reason is recognised by the
// connecting side (it is not a failure: the other connection goes on).
constexpr std::string_view kSimultaneous = "simultaneous connect";
constexpr std::string_view kWrongSecret = "authentication failed: wrong secret";
constexpr std::string_view kTlsRequired =
    "this node requires TLS (--tls-cert, --tls-key and --tls-ca)";
// The first byte of a TLS client's first record (content type: handshake). A frame's
// length prefix starts with 0 for every frame sent before the node handshake.
constexpr uint8_t kTlsHandshakeRecord = 22;

std::string tlsReason(const std::error_code& ec) {
    if (ec == asio::error::eof || ec == asio::ssl::error::stream_truncated ||
        ec == asio::error::connection_reset)
        return "the peer closed the connection (is it configured for TLS, and does it trust "
               "this node's certificate?)";
    return ec.message();
}

Bytes toBytes(std::span<const uint8_t> s) {
    return Bytes(s.begin(), s.end());
}

// Corks the calling thread's sends for a scope (vm::Distribution::cork); never held
// across a co_await, since the cork state belongs to the thread, not the coroutine.
class CorkScope {
  public:
    explicit CorkScope(vm::Distribution& d) : d_(d) { d_.cork(); }
    CorkScope(const CorkScope&) = delete;
    CorkScope& operator=(const CorkScope&) = delete;
    ~CorkScope() { d_.uncork(); }

  private:
    vm::Distribution& d_;
};

std::span<const uint8_t> envelopeBytes(const Bytes& frame) {
    return std::span<const uint8_t>(frame.data() + kLengthBytes, frame.size() - kLengthBytes);
}

} // namespace

Connection::Connection(Node::Impl& n, tcp::socket s, bool out, std::string dialed)
    : node(n), socket(std::move(s)), outgoing(out), peerName(std::move(dialed)),
      peerAtom(vm::atoms::kUndefined), writeWake_(node.ioc), handshakeTimer_(node.ioc),
      tickTimer_(node.ioc) {
    std::error_code ec;
    auto ep = socket.remote_endpoint(ec);
    if (!ec) remoteAddress = ep.address().to_string() + ":" + std::to_string(ep.port());
}

std::string Connection::describe() const {
    std::string who = peerName.empty() ? std::string("an unnamed peer") : peerName;
    if (!remoteAddress.empty()) who += " (" + remoteAddress + ")";
    return who;
}

void Connection::send(const Bytes& frame) {
    enqueue({}, frame, vm::Term::nonValue());
}

namespace {
std::array<uint8_t, kLengthBytes> lengthPrefix(size_t size) {
    uint32_t n = uint32_t(size);
    return {uint8_t(n >> 24), uint8_t(n >> 16), uint8_t(n >> 8), uint8_t(n)};
}
} // namespace

bool Connection::sendEnvelope(std::span<const uint8_t> envelope) {
    return enqueue(lengthPrefix(envelope.size()), envelope, vm::Term::nonValue()) != Queued::Closed;
}

Connection::Queued Connection::sendEnvelopeFrom(std::span<const uint8_t> envelope,
                                                vm::Term sender) {
    return enqueue(lengthPrefix(envelope.size()), envelope, sender);
}

Connection::Queued Connection::enqueue(std::span<const uint8_t> prefix,
                                       std::span<const uint8_t> body, vm::Term sender) {
    const bool corked = vm::Distribution::corked();
    const size_t limit = node.config.busyLimitBytes;
    // Corked frames are held only below the low-water mark, so that a busy period
    // always has the writer working on it (see busy_).
    const size_t holdBytes = limit ? std::min(kCorkBytes, limit / 2) : kCorkBytes;
    bool wake = false, hold = false, held = false, park = false;
    std::vector<vm::Term> nudge;
    size_t unsent = 0;
    {
        std::lock_guard lock(queueMutex_);
        if (queueClosed_) return Queued::Closed;
        node.framesOut.fetch_add(1, std::memory_order_relaxed);
        node.bytesOut.fetch_add(prefix.size() + body.size(), std::memory_order_relaxed);
        out_.insert(out_.end(), prefix.begin(), prefix.end());
        out_.insert(out_.end(), body.begin(), body.end());
        if (writerWaiting_) {
            if (corked && out_.size() < holdBytes) {
                // Held until the slice ends; the first frame puts the connection on
                // the node's list of what to flush.
                hold = !inCorkList_;
                inCorkList_ = true;
                held = true;
            } else {
                wake = writeOutLocked(nudge);
            }
        }
        // Otherwise the writer is busy and takes it next.
        unsent = out_.size() + inFlight_;
        if (limit && unsent > limit) busy_ = true;
        if (busy_ && sender.isLocalPid()) {
            park = true;
            if (parked_.empty() || parked_.back() != sender) parked_.push_back(sender);
        }
    }
    uint64_t peak = node.peakQueuedBytes.load(std::memory_order_relaxed);
    while (unsent > peak &&
           !node.peakQueuedBytes.compare_exchange_weak(peak, unsent, std::memory_order_relaxed)) {
    }
    if (held) vm::Distribution::heldForFlush();
    if (hold) node.addCorked(shared_from_this());
    if (wake) wakeWriter();
    node.nudgeAll(nudge);
    if (!park) return Queued::Sent;
    node.busySuspends.fetch_add(1, std::memory_order_relaxed);
    return Queued::Busy;
}

bool Connection::writeOutLocked(std::vector<vm::Term>& nudge) {
    if (node.tls) {
        // TLS records are made by the writer, on the I/O thread only.
        writerWaiting_ = false;
        return true;
    }
    // The writer is idle, so this is the only write in flight; abort() closes the
    // socket only after taking the queue lock, so the descriptor is still ours.
    ssize_t n =
        ::send(socket.native_handle(), out_.data(), out_.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
    node.writes.fetch_add(1, std::memory_order_relaxed);
    if (n == ssize_t(out_.size())) {
        out_.clear();
        if (out_.capacity() > kKeepBytes) Bytes().swap(out_);
        lastSentMs_.store(node.nowMs(), std::memory_order_relaxed);
        drainedLocked(nudge);
        return false;
    }
    // What the socket did not take goes to the writer, in order (an error other
    // than a full buffer is found again, and reported, by the writer).
    if (n > 0) out_.erase(out_.begin(), out_.begin() + n);
    writerWaiting_ = false;
    return true;
}

void Connection::drainedLocked(std::vector<vm::Term>& nudge) {
    if (!busy_ || out_.size() + inFlight_ >= node.config.busyLimitBytes / 2) return;
    busy_ = false;
    nudge.insert(nudge.end(), parked_.begin(), parked_.end());
    parked_.clear();
}

void Connection::wakeWriter() {
    // The writer sleeps on its timer; timers are not thread-safe, so the wake-up is
    // posted to the I/O thread.
    asio::post(node.ioc, [self = shared_from_this()] { self->writeWake_.cancel(); });
}

void Connection::flushCorked() {
    bool wake = false;
    std::vector<vm::Term> nudge;
    {
        std::lock_guard lock(queueMutex_);
        inCorkList_ = false;
        if (queueClosed_ || out_.empty() || !writerWaiting_) return;
        wake = writeOutLocked(nudge);
    }
    if (wake) wakeWriter();
    node.nudgeAll(nudge);
}

void Connection::abort(const std::string& reason) {
    if (closed) return;
    closed = true;
    closeReason = reason;
    std::vector<vm::Term> nudge; // senders parked on this connection go on
    {
        std::lock_guard lock(queueMutex_);
        queueClosed_ = true;
        out_.clear();
        busy_ = false;
        nudge.swap(parked_);
    }
    std::error_code ec;
    socket.shutdown(tcp::socket::shutdown_both, ec);
    socket.close(ec);
    writeWake_.cancel();
    handshakeTimer_.cancel();
    tickTimer_.cancel();
    node.nudgeAll(nudge);
}

asio::awaitable<void> Connection::fill(size_t need) {
    // The read buffer holds [readStart_, readEnd_); make room for `need` bytes from
    // readStart_, then read whatever the socket has (several frames per system call
    // when they come in a stream).
    while (readEnd_ - readStart_ < need) {
        if (readStart_ > 0) {
            std::memmove(readBuffer_.data(), readBuffer_.data() + readStart_,
                         readEnd_ - readStart_);
            readEnd_ -= readStart_;
            readStart_ = 0;
        }
        if (readBuffer_.size() < need) readBuffer_.resize(std::max(need, readBuffer_.size() * 2));
        if (readBuffer_.size() - readEnd_ < kReadChunk && readBuffer_.size() < need + kReadChunk)
            readBuffer_.resize(need + kReadChunk);
        size_t n = co_await readSome(
            asio::buffer(readBuffer_.data() + readEnd_, readBuffer_.size() - readEnd_));
        readEnd_ += n;
        lastReceived_ = Clock::now(); // per read, not per frame: a read holds many
    }
}

asio::awaitable<std::span<const uint8_t>> Connection::readFrame(bool checkVersion) {
    co_await fill(kLengthBytes);
    uint32_t length = checkedLength();
    co_await fill(kLengthBytes + length);
    co_return takeFrame(checkVersion);
}

uint32_t Connection::checkedLength() const {
    uint32_t length = readLength(readBuffer_.data() + readStart_);
    if (length == 0) throw ProtocolError("empty frame");
    if (length > node.config.maxFrameBytes)
        throw ProtocolError("frame of " + std::to_string(length) + " bytes exceeds the limit of " +
                            std::to_string(node.config.maxFrameBytes) + " bytes");
    return length;
}

std::span<const uint8_t> Connection::takeFrame(bool checkVersion) {
    uint32_t length = checkedLength();
    const uint8_t* at = readBuffer_.data() + readStart_ + kLengthBytes;
    // FlatBuffers' accessors read scalars in place, so the envelope must start on an
    // 8-byte boundary. In the read buffer it usually does; otherwise it is copied to
    // the start of an allocation reused from frame to frame. Either way the bytes
    // stay where they are until the next call (fill() moves data only then).
    std::span<const uint8_t> body(at, length);
    if (reinterpret_cast<uintptr_t>(at) % 8 != 0) {
        frame_.assign(at, at + length);
        body = frame_;
    }
    readStart_ += kLengthBytes + length;
    if (readStart_ == readEnd_) readStart_ = readEnd_ = 0; // the bytes stay until fill()
    node.framesIn.fetch_add(1, std::memory_order_relaxed);
    node.bytesIn.fetch_add(length + kLengthBytes, std::memory_order_relaxed);
    const wire::Envelope* env = verifiedEnvelope(body);
    if (!env)
        throw ProtocolError("malformed frame (" + std::to_string(length) +
                            " bytes failing the FlatBuffers verifier)");
    if (checkVersion && env->version() != kProtocolVersion)
        throw ProtocolError("protocol version " + std::to_string(env->version()) +
                            " (this node speaks " + std::to_string(kProtocolVersion) + ")");
    return body;
}

asio::awaitable<size_t> Connection::readSome(asio::mutable_buffer buffer) {
    if (tls_) co_return co_await tls_->async_read_some(buffer, use_awaitable);
    co_return co_await socket.async_read_some(buffer, use_awaitable);
}

asio::awaitable<void> Connection::writeAll(asio::const_buffer buffer, std::error_code& ec) {
    if (tls_)
        co_await asio::async_write(*tls_, buffer, asio::redirect_error(use_awaitable, ec));
    else
        co_await asio::async_write(socket, buffer, asio::redirect_error(use_awaitable, ec));
}

asio::awaitable<size_t> Connection::writeSome(asio::const_buffer buffer, std::error_code& ec) {
    if (tls_)
        co_return co_await tls_->async_write_some(buffer, asio::redirect_error(use_awaitable, ec));
    co_return co_await socket.async_write_some(buffer, asio::redirect_error(use_awaitable, ec));
}

asio::awaitable<void> Connection::startTls() {
    if (!outgoing) {
        // Peeked, not read: the bytes stay for the TLS handshake.
        co_await socket.async_wait(tcp::socket::wait_read, use_awaitable);
        uint8_t first = 0;
        std::error_code ec;
        size_t n = socket.receive(asio::buffer(&first, 1), tcp::socket::message_peek, ec);
        if (ec || n == 0) throw ProtocolError("closed before the TLS handshake");
        if (first != kTlsHandshakeRecord) {
            co_await refuse(std::string(kTlsRequired)); // in plaintext, which it reads
            throw ProtocolError("the peer does not use TLS, which this node requires");
        }
    }
    tls_ = std::make_unique<asio::ssl::stream<tcp::socket&>>(socket, *node.tls);
    std::error_code ec;
    co_await tls_->async_handshake(outgoing ? asio::ssl::stream_base::client
                                            : asio::ssl::stream_base::server,
                                   asio::redirect_error(use_awaitable, ec));
    if (ec) {
        if (closed) throw ProtocolError(closeReason);
        throw ProtocolError("TLS handshake failed: " + tlsReason(ec));
    }
    tlsUp = true;
}

asio::awaitable<void> Connection::writeNow(const Bytes& frame) {
    std::error_code ec;
    co_await writeAll(asio::buffer(frame), ec);
    if (ec) throw std::system_error(ec);
    node.framesOut.fetch_add(1, std::memory_order_relaxed);
    node.bytesOut.fetch_add(frame.size(), std::memory_order_relaxed);
}

asio::awaitable<void> Connection::refuse(const std::string& reasonForPeer) {
    flatbuffers::FlatBufferBuilder fbb;
    auto body = wire::CreateRefused(fbb, fbb.CreateString(reasonForPeer));
    finishEnvelope(fbb, wire::Body_Refused, body.Union());
    std::error_code ec;
    // Best effort: the peer may be gone already.
    Bytes frame = frameOf(fbb);
    co_await writeAll(asio::buffer(frame), ec);
}

asio::awaitable<void> Connection::connectingHandshake() {
    std::array<uint8_t, kNonceBytes> nonce{};
    if (!randomBytes(nonce)) throw ProtocolError("no random bytes for the nonce");
    flatbuffers::FlatBufferBuilder fbb;
    auto hello = wire::CreateHello(fbb, fbb.CreateString(node.name),
                                   fbb.CreateVector(nonce.data(), nonce.size()),
                                   uint32_t(node.config.tick.count()));
    finishEnvelope(fbb, wire::Body_Hello, hello.Union());
    Bytes f1 = frameOf(fbb);
    co_await writeNow(f1);

    Bytes f2 = toBytes(co_await readFrame(false));
    const wire::Envelope* env = wire::GetEnvelope(f2.data());
    if (env->body_type() == wire::Body_Refused) {
        auto* r = env->body_as_Refused();
        std::string why = r->reason() ? r->reason()->str() : "no reason given";
        if (why.starts_with(kSimultaneous)) abandoned = true;
        throw ProtocolError("refused by the peer: " + why);
    }
    if (env->version() != kProtocolVersion)
        throw ProtocolError("peer speaks protocol version " + std::to_string(env->version()) +
                            ", this node " + std::to_string(kProtocolVersion));
    if (env->body_type() != wire::Body_Challenge)
        throw ProtocolError(std::string("expected Challenge, got ") + bodyName(env->body_type()));
    auto* ch = env->body_as_Challenge();
    if (!ch->nonce() || ch->nonce()->size() != kNonceBytes)
        throw ProtocolError("Challenge without a 32-byte nonce");
    if (ch->tick_ms() > 0) peerTickMs = ch->tick_ms();
    std::string answered = ch->name() ? ch->name()->str() : "";
    if (answered != peerName)
        throw ProtocolError("dialed " + peerName + " but " + answered + " answered");

    // Frames this side built carry their length prefix; frames read do not.
    Mac mine = transcriptMac(node.config.secret, Role::Connecting, {envelopeBytes(f1), f2});
    flatbuffers::FlatBufferBuilder fbb3;
    auto reply = wire::CreateChallengeReply(fbb3, fbb3.CreateVector(mine.data(), mine.size()));
    finishEnvelope(fbb3, wire::Body_ChallengeReply, reply.Union());
    Bytes f3 = frameOf(fbb3);
    co_await writeNow(f3);

    Bytes f4 = toBytes(co_await readFrame(true));
    env = wire::GetEnvelope(f4.data());
    if (env->body_type() == wire::Body_Refused) {
        auto* r = env->body_as_Refused();
        std::string why = r->reason() ? r->reason()->str() : "no reason given";
        if (why.starts_with(kWrongSecret))
            throw ProtocolError("refused by the peer: " + why +
                                " (the nodes do not share the same secret)");
        throw ProtocolError("refused by the peer: " + why);
    }
    if (env->body_type() != wire::Body_ChallengeAck)
        throw ProtocolError(std::string("expected ChallengeAck, got ") +
                            bodyName(env->body_type()));
    auto* ack = env->body_as_ChallengeAck();
    Mac theirs = transcriptMac(node.config.secret, Role::Accepting,
                               {envelopeBytes(f1), f2, envelopeBytes(f3)});
    if (!ack->mac() || !macEqual(theirs, std::span(ack->mac()->data(), ack->mac()->size())))
        throw ProtocolError("the peer failed to prove the cluster secret: wrong secret");
}

asio::awaitable<void> Connection::acceptingHandshake() {
    if (!node.tls) {
        co_await fill(1);
        if (readBuffer_[readStart_] == kTlsHandshakeRecord)
            throw ProtocolError("the peer speaks TLS, but this node is not configured for TLS "
                                "(--tls-cert, --tls-key and --tls-ca)");
    }
    Bytes f1 = toBytes(co_await readFrame(false));
    const wire::Envelope* env = wire::GetEnvelope(f1.data());
    if (env->body_type() != wire::Body_Hello)
        throw ProtocolError(std::string("expected Hello, got ") + bodyName(env->body_type()));
    if (env->version() != kProtocolVersion) {
        std::string why = "protocol version " + std::to_string(env->version()) +
                          " not supported (this node speaks " + std::to_string(kProtocolVersion) +
                          ")";
        co_await refuse(why);
        throw ProtocolError(why);
    }
    auto* hello = env->body_as_Hello();
    if (!hello->nonce() || hello->nonce()->size() != kNonceBytes)
        throw ProtocolError("Hello without a 32-byte nonce");
    if (hello->tick_ms() > 0) peerTickMs = hello->tick_ms();
    std::string announced = hello->name() ? hello->name()->str() : "";
    std::string nameError;
    if (!parseNodeName(announced, &nameError)) throw ProtocolError(nameError);
    peerName = announced;
    std::string why;
    if (!node.admitIncoming(*this, &why)) {
        co_await refuse(why);
        abandoned = true;
        throw ProtocolError(why);
    }

    std::array<uint8_t, kNonceBytes> nonce{};
    if (!randomBytes(nonce)) throw ProtocolError("no random bytes for the nonce");
    flatbuffers::FlatBufferBuilder fbb;
    auto ch = wire::CreateChallenge(fbb, fbb.CreateString(node.name),
                                    fbb.CreateVector(nonce.data(), nonce.size()),
                                    uint32_t(node.config.tick.count()));
    finishEnvelope(fbb, wire::Body_Challenge, ch.Union());
    Bytes f2 = frameOf(fbb);
    co_await writeNow(f2);

    Bytes f3 = toBytes(co_await readFrame(true));
    env = wire::GetEnvelope(f3.data());
    if (env->body_type() != wire::Body_ChallengeReply)
        throw ProtocolError(std::string("expected ChallengeReply, got ") +
                            bodyName(env->body_type()));
    auto* reply = env->body_as_ChallengeReply();
    // Frames read carry no length prefix; frames this side built do.
    Mac expected = transcriptMac(node.config.secret, Role::Connecting, {f1, envelopeBytes(f2)});
    if (!reply->mac() ||
        !macEqual(expected, std::span(reply->mac()->data(), reply->mac()->size()))) {
        co_await refuse(std::string(kWrongSecret));
        throw ProtocolError("the peer failed to prove the cluster secret: wrong secret");
    }
    Mac mine = transcriptMac(node.config.secret, Role::Accepting, {f1, envelopeBytes(f2), f3});
    flatbuffers::FlatBufferBuilder fbb4;
    auto ack = wire::CreateChallengeAck(fbb4, fbb4.CreateVector(mine.data(), mine.size()));
    finishEnvelope(fbb4, wire::Body_ChallengeAck, ack.Union());
    co_await writeNow(frameOf(fbb4));
}

void Connection::spawnChild(asio::awaitable<void> coro, const char* what) {
    // Never detached silently: an exception that escapes is logged and closes this
    // connection.
    asio::co_spawn(node.ioc, std::move(coro),
                   [self = shared_from_this(), what](std::exception_ptr e) {
                       if (!e) return;
                       std::string reason;
                       try {
                           std::rethrow_exception(e);
                       } catch (const std::exception& x) {
                           reason = x.what();
                       } catch (...) {
                           reason = "unknown error";
                       }
                       self->abort(std::string(what) + " failed: " + reason);
                   });
}

asio::awaitable<void> Connection::writer() {
    std::vector<vm::Term> nudge;
    for (;;) {
        writing_.clear();
        {
            std::lock_guard lock(queueMutex_);
            if (queueClosed_) co_return;
            if (out_.empty()) {
                writerWaiting_ = true;
                // Idle now: a buffer that grew for a burst is given back. While frames
                // keep coming the two buffers keep their capacity and take turns, so a
                // stream does not regrow (and fault in) a buffer per write.
                if (out_.capacity() > kKeepBytes) Bytes().swap(out_);
                if (writing_.capacity() > kKeepBytes) Bytes().swap(writing_);
            } else {
                writing_.swap(out_);
                inFlight_ = writing_.size();
            }
        }
        if (writing_.empty()) {
            writeWake_.expires_at(Clock::time_point::max());
            std::error_code ec;
            co_await writeWake_.async_wait(asio::redirect_error(use_awaitable, ec));
            if (closed) co_return;
            continue;
        }
        // Written piece by piece as the socket takes it, so that senders parked on a
        // busy connection go on as soon as the unsent output fell below the low-water
        // mark, not only after the whole buffer left.
        for (size_t done = 0; done < writing_.size();) {
            node.writes.fetch_add(1, std::memory_order_relaxed);
            std::error_code ec;
            done += co_await writeSome(asio::buffer(writing_.data() + done, writing_.size() - done),
                                       ec);
            if (ec) {
                abort("write failed: " + ec.message());
                co_return;
            }
            {
                std::lock_guard lock(queueMutex_);
                inFlight_ = writing_.size() - done;
                drainedLocked(nudge);
            }
            node.nudgeAll(nudge);
        }
        lastSentMs_.store(node.nowMs(), std::memory_order_relaxed);
    }
}

asio::awaitable<void> Connection::ticker() {
    // Often enough for the peer's tick as well as ours.
    auto tick = std::min(node.config.tick, std::chrono::milliseconds(peerTickMs));
    auto quarter = std::max(tick / 4, std::chrono::milliseconds(1));
    for (;;) {
        tickTimer_.expires_after(quarter);
        std::error_code ec;
        co_await tickTimer_.async_wait(asio::redirect_error(use_awaitable, ec));
        if (closed) co_return;
        if (Clock::now() - lastReceived_ > node.config.tick) {
            abort("nothing heard for " + std::to_string(node.config.tick.count()) +
                  " ms (one tick): peer considered down");
            co_return;
        }
        if (node.nowMs() - lastSentMs_.load(std::memory_order_relaxed) >= quarter.count()) {
            flatbuffers::FlatBufferBuilder fbb;
            auto hb = wire::CreateHeartbeat(fbb, uint64_t(node.nowMs()));
            finishEnvelope(fbb, wire::Body_Heartbeat, hb.Union());
            sendEnvelope(std::span(fbb.GetBufferPointer(), fbb.GetSize()));
        }
    }
}

asio::awaitable<void> Connection::run() {
    auto self = shared_from_this();
    std::string reason;
    bool protocolError = false;
    lastReceived_ = Clock::now();
    handshakeTimer_.expires_after(node.config.handshakeTimeout);
    handshakeTimer_.async_wait([weak = std::weak_ptr<Connection>(self)](std::error_code ec) {
        if (ec) return;
        if (auto c = weak.lock(); c && !c->up.load())
            c->abort("handshake not finished within " +
                     std::to_string(c->node.config.handshakeTimeout.count()) + " ms");
    });
    try {
        if (outgoing) {
            std::string nameError;
            auto parts = parseNodeName(peerName, &nameError);
            if (!parts) throw ProtocolError(nameError);
            tcp::resolver resolver(node.ioc);
            auto endpoints = co_await resolver.async_resolve(
                parts->host, std::to_string(parts->port), use_awaitable);
            co_await asio::async_connect(socket, endpoints, use_awaitable);
            std::error_code ec;
            auto ep = socket.remote_endpoint(ec);
            if (!ec) remoteAddress = ep.address().to_string() + ":" + std::to_string(ep.port());
            socket.set_option(tcp::no_delay(true), ec);
            if (node.tls) co_await startTls();
            co_await connectingHandshake();
        } else {
            std::error_code ec;
            socket.set_option(tcp::no_delay(true), ec);
            if (node.tls) co_await startTls();
            co_await acceptingHandshake();
        }
        handshakeTimer_.cancel();
        if (closed) throw ProtocolError(closeReason);
        node.connectionUp(self);
        if (!closed) {
            lastSentMs_.store(node.nowMs());
            spawnChild(writer(), "writer");
            spawnChild(ticker(), "heartbeat");
            for (;;) {
                std::span<const uint8_t> frame = co_await readFrame(true);
                // The frames of one read are handled together, with no co_await in
                // between: what they make this thread send leaves in one write, and
                // so does what the process they start or wake sends in the slice
                // this thread may give it (a SpawnReply and the result of the
                // process, which ends at once: one write, one read on the other
                // side). See vm::Scheduler::NetworkSlices.
                CorkScope cork(node.rt.distribution());
                vm::Scheduler::NetworkSlices slices(node.rt.scheduler());
                dispatch(frame);
                while (frameBuffered())
                    dispatch(takeFrame(true));
                wakeDelivered();
                slices.run();
            }
        }
    } catch (const ProtocolError& e) {
        reason = closed ? closeReason : e.what();
        protocolError = !closed;
    } catch (const std::system_error& e) {
        if (closed)
            reason = closeReason;
        else if (e.code() == asio::error::eof || e.code() == asio::error::connection_reset ||
                 e.code() == asio::ssl::error::stream_truncated)
            reason = "closed by the peer";
        else
            reason = e.code().message();
    } catch (const std::exception& e) {
        reason = e.what();
        protocolError = true;
    }
    wakeDelivered();
    if (!closed) abort(reason);
    node.connectionDown(self, reason, protocolError);
}

void Connection::dispatch(std::span<const uint8_t> frame) {
    const wire::Envelope* env = wire::GetEnvelope(frame.data());
    vm::Runtime& rt = node.rt;
    auto type = env->body_type();
    // Messages of a burst are held per receiver (deliverMessage); whatever else comes
    // may concern the same processes (an exit signal after a message, a result after
    // a reply), so the held messages go first.
    if (type != wire::Body_Send && type != wire::Body_RegSend && type != wire::Body_Heartbeat)
        flushBurst();
    switch (type) {
    case wire::Body_Heartbeat: return;
    case wire::Body_Peers: node.peersAnnounced(*env->body_as_Peers()); return;
    case wire::Body_Send: {
        auto* m = env->body_as_Send();
        if (m->to() >> 58) throw ProtocolError("Send to an impossible pid number");
        if (m->from() >> 58) throw ProtocolError("Send from an impossible pid number");
        deliverMessage(vm::Term::makeLocalPid(m->to()), m->from(), m->message(), "Send");
        return;
    }
    case wire::Body_RegSend: {
        auto* m = env->body_as_RegSend();
        if (!m->name()) throw ProtocolError("RegSend without a name");
        if (m->from() >> 58) throw ProtocolError("RegSend from an impossible pid number");
        std::string_view nameText = m->name()->string_view();
        vm::Term to = vm::Term::nonValue(); // no process has that name: dropped, as in Erlang
        if (burstByName_ && nameText == lastName_) {
            // The name was looked up for the burst being decoded: the same receiver
            // (as if the burst had arrived at once, where it was looked up).
            to = burstTarget_->self();
        } else if (lastName_.empty() || nameText != lastName_) {
            if (auto name = rt.atoms().find(nameText)) {
                lastName_ = nameText;
                lastNameAtom_ = *name;
                to = rt.processes().whereis(lastNameAtom_);
            }
        } else {
            to = rt.processes().whereis(lastNameAtom_);
        }
        deliverMessage(to, m->from(), m->message(), "RegSend");
        burstByName_ = burstTarget_ && burstTarget_->self() == to;
        return;
    }
    case wire::Body_ProcSignal: deliverSignal(*env->body_as_ProcSignal()); return;
    case wire::Body_Spawn:
    case wire::Body_SpawnReply:
    case wire::Body_ResultQuery:
    case wire::Body_ResultReply:
    case wire::Body_CodeWant:
    case wire::Body_CodePush: {
        Node::FrameHandler handler;
        {
            std::lock_guard lock(node.mutex);
            handler = node.handler;
        }
        if (!handler) {
            node.log(std::string("ignored a ") + bodyName(env->body_type()) + " frame from " +
                     describe() + ": remote spawn and code shipping are not served by this node");
            return;
        }
        std::string why;
        if (!handler(peerAtom, frame, &why)) throw ProtocolError(why);
        return;
    }
    default:
        throw ProtocolError(std::string("unexpected ") + bodyName(env->body_type()) +
                            " frame after the handshake");
    }
}

void Connection::deliverMessage(vm::Term to, uint64_t from,
                                const flatbuffers::Vector<uint8_t>* term, const char* what) {
    vm::Runtime& rt = node.rt;
    // Frames of one burst mostly go to one process: it is looked up once, and its
    // messages are decoded one after the other into one fragment that travels with
    // the first of them (Signal::fragment), then pushed together by flushBurst().
    if (!burstTarget_ || burstTarget_->self() != to) {
        flushBurst();
        if (to.isLocalPid()) burstTarget_ = rt.processes().find(to);
    }
    if (!burstTarget_) {
        // No such process: dropped, as in Erlang, but a malformed term is still an
        // error of the peer's.
        vm::Heap scratch(term ? term->size() / 4 + 8 : 8, vm::Heap::Exact{});
        if (decodeTerm(rt, scratch, term, node.nameAtom).isNonValue())
            throw ProtocolError(std::string(what) + " with a malformed message term");
        return;
    }
    if (!burstHeap_) {
        // Sized for what is buffered (a guess: the decoder chains more blocks when the
        // burst needs them, and the slack of an over-guess goes with the receiver's
        // next collection).
        size_t buffered = readEnd_ - readStart_ + (term ? term->size() : 0);
        burstHeap_ = std::make_unique<vm::Heap>(std::min(buffered / 4 + 16, kBurstHeapWords),
                                                vm::Heap::Exact{});
    }
    vm::Signal s;
    s.kind = vm::SignalKind::Message;
    if (from != lastFrom_) {
        lastFromPid_ = rt.distribution().remotePid(peerAtom, uint32_t(from), uint32_t(from >> 32));
        lastFrom_ = from;
    }
    s.from = lastFromPid_;
    s.payload = decodeTerm(rt, *burstHeap_, term, node.nameAtom);
    if (s.payload.isNonValue())
        throw ProtocolError(std::string(what) + " with a malformed message term");
    burst_.push_back(std::move(s));
    if (burst_.size() >= kMaxBurst) flushBurst();
}

void Connection::flushBurst() {
    if (!burstTarget_) return;
    if (!burst_.empty()) {
        if (burstHeap_ && burstHeap_->allocatedWords() > 0)
            burst_.front().fragment = std::move(burstHeap_);
        // A process that ended meanwhile refuses them: dropped, as in Erlang.
        if (burstTarget_->signals().pushAll(burst_) &&
            (toWake_.empty() || toWake_.back() != burstTarget_))
            toWake_.push_back(burstTarget_);
        burst_.clear();
    }
    burstTarget_.reset();
    burstByName_ = false;
}

void Connection::wakeDelivered() {
    flushBurst();
    for (const auto& p : toWake_)
        vm::wake(node.rt, *p, nullptr);
    toWake_.clear();
}

bool Connection::frameBuffered() const {
    size_t have = readEnd_ - readStart_;
    return have >= kLengthBytes &&
           have - kLengthBytes >= readLength(readBuffer_.data() + readStart_);
}

void Connection::deliverSignal(const wire::ProcSignal& sig) {
    vm::Runtime& rt = node.rt;
    uint64_t from = sig.from(), to = sig.to();
    if ((from >> 58) || (to >> 58)) throw ProtocolError("signal with an impossible pid number");
    vm::Term remote = rt.distribution().remotePid(peerAtom, uint32_t(from), uint32_t(from >> 32));
    vm::Term local = vm::Term::makeLocalPid(to);
    vm::Term reason = vm::atoms::kNormal;
    std::unique_ptr<vm::Heap> heap;
    auto kind = sig.kind();
    if (kind == wire::SignalKind_Exit || kind == wire::SignalKind_LinkExit ||
        kind == wire::SignalKind_Down) {
        heap = std::make_unique<vm::Heap>();
        reason = decodeTerm(rt, *heap, sig.reason(), node.nameAtom);
        if (reason.isNonValue()) throw ProtocolError("signal with a malformed reason term");
    }
    uint64_t ref = sig.ref();
    vm::Signal s;
    s.from = remote;
    s.payload = reason;
    s.fragment = std::move(heap);
    switch (kind) {
    case wire::SignalKind_Exit: s.kind = vm::SignalKind::Exit; break;
    case wire::SignalKind_LinkExit: {
        s.kind = vm::SignalKind::LinkExit;
        std::lock_guard lock(bookMutex);
        links.erase({to, from});
        break;
    }
    case wire::SignalKind_Link: {
        s.kind = vm::SignalKind::Link;
        std::lock_guard lock(bookMutex);
        links.insert({to, from});
        break;
    }
    case wire::SignalKind_Unlink: {
        s.kind = vm::SignalKind::Unlink;
        std::lock_guard lock(bookMutex);
        links.erase({to, from});
        break;
    }
    case wire::SignalKind_Monitor:
    case wire::SignalKind_Demonitor:
        if (ref > kPeerRefMask) throw ProtocolError("monitor reference out of range");
        s.kind =
            kind == wire::SignalKind_Monitor ? vm::SignalKind::Monitor : vm::SignalKind::Demonitor;
        s.ref = ref | kPeerRefBit | (uint64_t(index & 0x7fff) << 48);
        break;
    case wire::SignalKind_Down: {
        s.kind = vm::SignalKind::Down;
        s.ref = ref;
        std::lock_guard lock(bookMutex);
        monitors.erase(ref);
        break;
    }
    default: throw ProtocolError("unknown signal kind");
    }
    vm::SignalKind k = s.kind;
    if (vm::sendSignal(rt, local, std::move(s), nullptr)) return;
    // No such process here: answer as a dead local process would (signals.h).
    if (k == vm::SignalKind::Link || k == vm::SignalKind::Monitor) {
        {
            std::lock_guard lock(bookMutex);
            links.erase({to, from});
        }
        flatbuffers::FlatBufferBuilder fbb;
        Bytes reasonBytes;
        vm::encodeTerm(vm::atoms::kNoproc, rt.atoms(), reasonBytes, node.nameAtom);
        auto body = wire::CreateProcSignal(
            fbb, k == vm::SignalKind::Link ? wire::SignalKind_LinkExit : wire::SignalKind_Down, to,
            from, k == vm::SignalKind::Monitor ? ref : 0, fbb.CreateVector(reasonBytes));
        finishEnvelope(fbb, wire::Body_ProcSignal, body.Union());
        sendEnvelope(std::span(fbb.GetBufferPointer(), fbb.GetSize()));
    }
}

} // namespace pfun::net
