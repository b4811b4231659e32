// The wire seen from outside: a raw TCP client speaks (or mangles) the protocol to a
// node that is also connected to a real peer. Every bad connection is refused and
// logged; the node keeps serving its peer. Also the handshake's pieces alone.
#include "net_helpers.h"
#include "raw_peer.h"

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
using pfun::testing::handshake;
using pfun::testing::helloFrame;
using pfun::testing::RawClient;
using pfun::testing::TestNode;
using pfun::testing::transfer;

namespace {

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
