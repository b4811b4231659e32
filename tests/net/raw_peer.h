// A peer made by hand for the node tests: a blocking TCP client that speaks the wire
// protocol frame by frame (or mangles it), so a test decides when and whether it
// reads. The protocol tests send it bad frames; the back-pressure tests let a node's
// output pile up behind it by not reading.
//
// Every read has a timeout (10 s), so a test never hangs on it.
#pragma once

#include "wire.h"

#include "pfun/net/handshake.h"
#include "pfun/net/node.h"

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace pfun::testing {

class RawClient {
  public:
    // receiveBuffer > 0: the socket's receive buffer (SO_RCVBUF, set before the
    // connect so the TCP window follows it), to make a peer that stops reading
    // hold back little in the kernel.
    explicit RawClient(uint16_t port, int receiveBuffer = 0) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        REQUIRE(fd_ >= 0);
        timeval tv{10, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        if (receiveBuffer > 0)
            ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receiveBuffer, sizeof receiveBuffer);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    }
    // A connection a RawListener accepted.
    struct Accepted {
        int fd;
    };
    explicit RawClient(Accepted a) : fd_(a.fd) {
        timeval tv{10, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    }
    ~RawClient() { close(); }
    RawClient(const RawClient&) = delete;
    RawClient& operator=(const RawClient&) = delete;

    void sendBytes(const std::vector<uint8_t>& b) {
        size_t off = 0;
        while (off < b.size()) {
            ssize_t n = ::send(fd_, b.data() + off, b.size() - off, MSG_NOSIGNAL);
            if (n <= 0) return; // the node closed on us: that is what some tests expect
            off += size_t(n);
        }
    }
    // One frame's envelope bytes; empty when the connection closed.
    std::vector<uint8_t> readFrame() {
        uint8_t h[4];
        if (!readExact(h, 4)) return {};
        std::vector<uint8_t> body(net::readLength(h));
        if (!readExact(body.data(), body.size())) return {};
        return body;
    }
    // True when the node closed the connection (reads end) within the timeout.
    bool closedByPeer() {
        uint8_t buf[256];
        for (;;) {
            ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
            if (n == 0) return true;
            if (n < 0) return errno == ECONNRESET;
        }
    }
    // Closes the socket now (the node sees the connection drop).
    void close() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

  private:
    bool readExact(uint8_t* p, size_t n) {
        while (n) {
            ssize_t r = ::recv(fd_, p, n, 0);
            if (r <= 0) return false;
            p += r;
            n -= size_t(r);
        }
        return true;
    }
    int fd_ = -1;
};

// tickMs: the tick the peer announces (0: none, the node assumes the default); the
// node sends it heartbeats four times per tick.
// A listening socket on 127.0.0.1 for a peer made by hand that a node dials: the
// kernel completes the node's TCP connect at once, but its handshake goes on only
// when the test accepts (the node's Hello waits unread meanwhile).
class RawListener {
  public:
    RawListener() {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        REQUIRE(fd_ >= 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = 0;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
        REQUIRE(::listen(fd_, 8) == 0);
        socklen_t len = sizeof addr;
        REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
        port_ = ntohs(addr.sin_port);
    }
    ~RawListener() { close(); }
    RawListener(const RawListener&) = delete;
    RawListener& operator=(const RawListener&) = delete;

    uint16_t port() const { return port_; }
    // The next connection (nullptr when none came within 10 s).
    std::unique_ptr<RawClient> accept() {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, 10000) != 1) return nullptr;
        int fd = ::accept(fd_, nullptr, nullptr);
        if (fd < 0) return nullptr;
        return std::make_unique<RawClient>(RawClient::Accepted{fd});
    }
    // Stops listening; connections not accepted yet are reset.
    void close() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

  private:
    int fd_ = -1;
    uint16_t port_ = 0;
};

inline std::vector<uint8_t> helloFrame(const std::string& name, std::vector<uint8_t> nonce,
                                       uint16_t version = net::kProtocolVersion,
                                       uint32_t tickMs = 0) {
    flatbuffers::FlatBufferBuilder fbb;
    auto hello = wire::CreateHello(fbb, fbb.CreateString(name), fbb.CreateVector(nonce), tickMs);
    fbb.Finish(wire::CreateEnvelope(fbb, version, wire::Body_Hello, hello.Union()));
    return net::frameOf(fbb);
}

// Runs the connecting side of the handshake as `name`; true when accepted.
inline bool handshake(RawClient& c, const std::string& name, const std::vector<uint8_t>& secret,
                      uint32_t tickMs = 0) {
    auto envelope = [](const std::vector<uint8_t>& frame) {
        return std::span<const uint8_t>(frame.data() + 4, frame.size() - 4);
    };
    std::vector<uint8_t> nonce(32, 5);
    auto f1 = helloFrame(name, nonce, net::kProtocolVersion, tickMs);
    c.sendBytes(f1);
    auto b2 = c.readFrame();
    if (b2.empty()) return false;
    auto mac = net::transcriptMac(secret, net::Role::Connecting, {envelope(f1), b2});
    flatbuffers::FlatBufferBuilder fbb;
    auto reply = wire::CreateChallengeReply(fbb, fbb.CreateVector(mac.data(), mac.size()));
    net::finishEnvelope(fbb, wire::Body_ChallengeReply, reply.Union());
    c.sendBytes(net::frameOf(fbb));
    auto b4 = c.readFrame();
    if (b4.empty()) return false;
    return wire::GetEnvelope(b4.data())->body_type() == wire::Body_ChallengeAck;
}

// Runs the accepting side of the handshake as `name` on a connection a node made
// (RawListener::accept); true when the node's Hello and ChallengeReply came. The
// node's proof is not checked: the node checks this side's.
inline bool acceptHandshake(RawClient& c, const std::string& name,
                            const std::vector<uint8_t>& secret, uint32_t tickMs = 0) {
    auto envelope = [](const std::vector<uint8_t>& frame) {
        return std::span<const uint8_t>(frame.data() + 4, frame.size() - 4);
    };
    auto b1 = c.readFrame();
    if (b1.empty() || wire::GetEnvelope(b1.data())->body_type() != wire::Body_Hello) return false;
    std::vector<uint8_t> nonce(32, 6);
    flatbuffers::FlatBufferBuilder fbb;
    auto ch = wire::CreateChallenge(fbb, fbb.CreateString(name), fbb.CreateVector(nonce), tickMs);
    net::finishEnvelope(fbb, wire::Body_Challenge, ch.Union());
    auto f2 = net::frameOf(fbb);
    c.sendBytes(f2);
    auto b3 = c.readFrame();
    if (b3.empty() || wire::GetEnvelope(b3.data())->body_type() != wire::Body_ChallengeReply)
        return false;
    auto mac = net::transcriptMac(secret, net::Role::Accepting, {b1, envelope(f2), b3});
    flatbuffers::FlatBufferBuilder fbb4;
    auto ack = wire::CreateChallengeAck(fbb4, fbb4.CreateVector(mac.data(), mac.size()));
    net::finishEnvelope(fbb4, wire::Body_ChallengeAck, ack.Union());
    c.sendBytes(net::frameOf(fbb4));
    return true;
}

} // namespace pfun::testing
