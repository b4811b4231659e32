// The wire seen from outside: a raw TCP client speaks (or mangles) the protocol to a
// node that is also connected to a real peer. Every bad connection is refused and
// logged; the node keeps serving its peer. Also the handshake's pieces alone.
#include "net_helpers.h"

#include "wire.h"

#include "pfun/net/handshake.h"
#include "pfun/net/node_name.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

using namespace pfun;
using pfun::testing::eventually;
using pfun::testing::TestNode;
using pfun::testing::transfer;

namespace {

// A blocking TCP client with a receive timeout (tests never hang on it).
class RawClient {
  public:
    explicit RawClient(uint16_t port) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        REQUIRE(fd_ >= 0);
        timeval tv{10, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    }
    ~RawClient() { ::close(fd_); }
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

std::vector<uint8_t> helloFrame(const std::string& name, std::vector<uint8_t> nonce,
                                uint16_t version = net::kProtocolVersion) {
    flatbuffers::FlatBufferBuilder fbb;
    auto hello = wire::CreateHello(fbb, fbb.CreateString(name), fbb.CreateVector(nonce));
    fbb.Finish(wire::CreateEnvelope(fbb, version, wire::Body_Hello, hello.Union()));
    return net::frameOf(fbb);
}

std::span<const uint8_t> body(const std::vector<uint8_t>& frame) {
    return std::span<const uint8_t>(frame.data() + 4, frame.size() - 4);
}

// Runs the connecting side of the handshake as `name`; true when accepted.
bool handshake(RawClient& c, const std::string& name, const std::vector<uint8_t>& secret) {
    std::vector<uint8_t> nonce(32, 5);
    auto f1 = helloFrame(name, nonce);
    c.sendBytes(f1);
    auto b2 = c.readFrame();
    if (b2.empty()) return false;
    auto mac = net::transcriptMac(secret, net::Role::Connecting, {body(f1), b2});
    flatbuffers::FlatBufferBuilder fbb;
    auto reply = wire::CreateChallengeReply(fbb, fbb.CreateVector(mac.data(), mac.size()));
    net::finishEnvelope(fbb, wire::Body_ChallengeReply, reply.Union());
    c.sendBytes(net::frameOf(fbb));
    auto b4 = c.readFrame();
    if (b4.empty()) return false;
    return wire::GetEnvelope(b4.data())->body_type() == wire::Body_ChallengeAck;
}

// The node `a` still serves its peer `b`: a message round trip.
void stillServes(TestNode& a, TestNode& b) {
    vm::Heap heap;
    vm::Term echo = transfer(b, b.rt().processes().whereis(b.atom("echo")), a, heap);
    CHECK(a.call("call", {echo, a.atom("still")}) == "{'" + b.name() + "',still}");
}

} // namespace

TEST_SUITE("net protocol") {

    TEST_CASE("node names parse as name@host:port") {
        auto n = net::parseNodeName("b@127.0.0.1:4371");
        REQUIRE(n);
        CHECK(n->name == "b");
        CHECK(n->host == "127.0.0.1");
        CHECK(n->port == 4371);
        CHECK(n->text() == "b@127.0.0.1:4371");
        std::string why;
        CHECK(!net::parseNodeName("b@127.0.0.1", &why));
        CHECK(why.find("name@host:port") != std::string::npos);
        CHECK(!net::parseNodeName("@h:1"));
        CHECK(!net::parseNodeName("b@:1"));
        CHECK(!net::parseNodeName("b@h:99999"));
        CHECK(!net::parseNodeName("b c@h:1"));
        CHECK(!net::parseNodeName("b@h:1x"));
    }

    TEST_CASE("transcript MACs depend on the secret, the role and every byte") {
        auto s1 = testing::testSecret(1), s2 = testing::testSecret(2);
        std::vector<uint8_t> t1{1, 2, 3}, t2{4, 5};
        auto m = net::transcriptMac(s1, net::Role::Connecting, {t1, t2});
        CHECK(net::macEqual(m, net::transcriptMac(s1, net::Role::Connecting, {t1, t2})));
        CHECK(!net::macEqual(m, net::transcriptMac(s2, net::Role::Connecting, {t1, t2})));
        CHECK(!net::macEqual(m, net::transcriptMac(s1, net::Role::Accepting, {t1, t2})));
        t2[1] ^= 1;
        CHECK(!net::macEqual(m, net::transcriptMac(s1, net::Role::Connecting, {t1, t2})));
        std::array<uint8_t, 32> r1{}, r2{};
        CHECK(net::randomBytes(r1));
        CHECK(net::randomBytes(r2));
        CHECK(r1 != r2);
    }

    TEST_CASE("the secret file: read, too short refused, readable by others warned") {
        auto dir = std::filesystem::temp_directory_path() /
                   ("pfun-net-secret-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir);
        auto file = (dir / "secret").string();
        std::ofstream(file, std::ios::binary) << std::string(32, 'k');
        ::chmod(file.c_str(), 0600);
        std::vector<uint8_t> secret;
        std::string error, warning;
        CHECK(net::readSecretFile(file, secret, &error, &warning));
        CHECK(secret.size() == 32);
        CHECK(warning.empty());
        ::chmod(file.c_str(), 0644);
        CHECK(net::readSecretFile(file, secret, &error, &warning));
        CHECK(warning.find("other users") != std::string::npos);
        std::ofstream(file, std::ios::binary | std::ios::trunc) << "short";
        CHECK(!net::readSecretFile(file, secret, &error, &warning));
        CHECK(error.find("at least 16") != std::string::npos);
        CHECK(!net::readSecretFile((dir / "missing").string(), secret, &error, &warning));
        std::filesystem::remove_all(dir);
    }

    TEST_CASE("a wrong secret is refused and logged on both sides") {
        TestNode a("a"), c("c", testing::testSecret(99));
        CHECK(!c.node().connect(a.name(), std::chrono::seconds(10)));
        CHECK(!a.node().isConnected(c.name()));
        CHECK(eventually([&] { return a.logHas("wrong secret"); }));
        CHECK(eventually([&] { return c.logHas("wrong secret"); }));
        CHECK(a.node().stats().refused >= 1);
    }

    TEST_CASE("bad connections are refused and logged while the node serves its peer") {
        TestNode a("a", testing::testSecret(), std::chrono::milliseconds(600),
                   std::chrono::milliseconds(1500));
        TestNode b("b");
        REQUIRE(b.node().connect(a.name(), std::chrono::seconds(10)));
        b.call("start_echo", {});
        stillServes(a, b);

        SUBCASE("garbage bytes") {
            RawClient raw(a.node().port());
            raw.sendBytes(
                {0, 0, 0, 12, 'n', 'o', 't', ' ', 'a', ' ', 'f', 'r', 'a', 'm', 'e', '!'});
            CHECK(raw.closedByPeer());
            CHECK(eventually([&] { return a.logHas("malformed frame"); }));
        }
        SUBCASE("an oversized frame") {
            RawClient raw(a.node().port());
            raw.sendBytes({0x7f, 0xff, 0xff, 0xff, 1, 2, 3});
            CHECK(raw.closedByPeer());
            CHECK(eventually([&] { return a.logHas("exceeds the limit"); }));
        }
        SUBCASE("a message frame before the handshake") {
            RawClient raw(a.node().port());
            flatbuffers::FlatBufferBuilder fbb;
            std::vector<uint8_t> msg{131, 100, 0, 1, 'x'};
            auto send = wire::CreateSend(fbb, 1, 1, fbb.CreateVector(msg));
            net::finishEnvelope(fbb, wire::Body_Send, send.Union());
            raw.sendBytes(net::frameOf(fbb));
            CHECK(raw.closedByPeer());
            CHECK(eventually([&] { return a.logHas("expected Hello, got Send"); }));
        }
        SUBCASE("a Hello with a malformed node name") {
            RawClient raw(a.node().port());
            raw.sendBytes(helloFrame("no port here", std::vector<uint8_t>(32, 1)));
            CHECK(raw.closedByPeer());
            CHECK(eventually([&] { return a.logHas("bad node name"); }));
        }
        SUBCASE("another protocol version") {
            RawClient raw(a.node().port());
            raw.sendBytes(helloFrame("x@127.0.0.1:1", std::vector<uint8_t>(32, 1), 99));
            auto refusal = raw.readFrame();
            REQUIRE(!refusal.empty());
            CHECK(wire::GetEnvelope(refusal.data())->body_type() == wire::Body_Refused);
            CHECK(raw.closedByPeer());
            CHECK(eventually([&] { return a.logHas("protocol version 99"); }));
        }
        SUBCASE("an authenticated peer sends a well-formed frame with a malformed term") {
            RawClient raw(a.node().port());
            REQUIRE(handshake(raw, "x@127.0.0.1:1", testing::testSecret()));
            flatbuffers::FlatBufferBuilder fbb;
            std::vector<uint8_t> bad{131, 104, 200, 97}; // a tuple of 200 with one element
            auto send = wire::CreateSend(fbb, 1, 1, fbb.CreateVector(bad));
            net::finishEnvelope(fbb, wire::Body_Send, send.Union());
            raw.sendBytes(net::frameOf(fbb));
            CHECK(raw.closedByPeer());
            CHECK(eventually([&] { return a.logHas("malformed message term"); }));
        }
        SUBCASE("a handshake frame after the handshake") {
            RawClient raw(a.node().port());
            REQUIRE(handshake(raw, "x@127.0.0.1:1", testing::testSecret()));
            raw.sendBytes(helloFrame("x@127.0.0.1:1", std::vector<uint8_t>(32, 1)));
            CHECK(raw.closedByPeer());
            CHECK(
                eventually([&] { return a.logHas("unexpected Hello frame after the handshake"); }));
        }
        SUBCASE("a connection that never finishes the handshake is timed out") {
            RawClient raw(a.node().port());
            CHECK(raw.closedByPeer());
            CHECK(eventually([&] { return a.logHas("handshake not finished"); }));
        }
        SUBCASE("an authenticated peer that falls silent is dropped after a tick") {
            RawClient raw(a.node().port());
            REQUIRE(handshake(raw, "x@127.0.0.1:1", testing::testSecret()));
            CHECK(raw.closedByPeer()); // heartbeats from a, then the close
            CHECK(eventually([&] { return a.logHas("peer considered down"); }));
        }
        stillServes(a, b);
        CHECK(a.node().isConnected(b.name()));
    }

} // TEST_SUITE
