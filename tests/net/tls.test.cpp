// Nodes over TLS 1.3: both sides present certificates signed by the cluster's CA and
// verify the other's; the HMAC handshake runs inside. Certificates are made at test
// time (tls_certs.h).
#include "net_helpers.h"
#include "tls_certs.h"

using namespace pfun;
using pfun::testing::eventually;
using pfun::testing::TestNode;
using pfun::testing::TestPki;
using pfun::testing::TlsFiles;
using pfun::testing::transfer;

namespace {

std::function<void(net::NodeConfig&)> withTls(const TlsFiles& f) {
    return [f](net::NodeConfig& c) {
        c.tlsCert = f.cert;
        c.tlsKey = f.key;
        c.tlsCa = f.ca;
    };
}

using namespace std::chrono_literals;

} // namespace

TEST_SUITE("net tls") {

    TEST_CASE("two TLS nodes exchange messages and link across the connection") {
        TestPki pki;
        auto ca = pki.makeCa("cluster");
        TestNode a("a", pfun::testing::testSecret(), 15000ms, 5000ms,
                   withTls(pki.makeNode(ca, "a")));
        TestNode b("b", pfun::testing::testSecret(), 15000ms, 5000ms,
                   withTls(pki.makeNode(ca, "b")));
        REQUIRE(a.node().connect(b.name(), 10s));
        CHECK(a.node().isTls());
        b.call("start_echo", {});
        vm::Heap heap;
        vm::Term echo = transfer(b, b.last(), a, heap);
        CHECK(a.call("call", {echo, vm::Term::makeSmall(42)}) == "{'" + b.name() + "',42}");
        CHECK(a.call("stream", {echo, vm::Term::makeSmall(3000)}) == "ok");
        // A link across the TLS connection fires when the remote process ends.
        a.call("watch_link", {echo});
        vm::Term l = a.last();
        REQUIRE(a.call("call", {echo, a.atom("sync")}) == "{'" + b.name() + "',sync}");
        b.call("stop", {b.rt().processes().whereis(b.atom("echo"))});
        auto host = std::make_shared<vm::Process>(a.rt());
        a.rt().processes().add(host);
        vm::CallResult r = vm::callMfa(*host, a.atom("erlang"), a.atom("get_result"),
                                       std::vector<vm::Term>{l, vm::Term::makeSmall(20000)});
        REQUIRE(r.ok);
        CHECK(stdlib::writeTerm(a.rt(), r.value) == "{ok,{exit,normal}}");
        CHECK(a.logHas("(TLS)"));
    }

    TEST_CASE("a TLS node refuses a plaintext peer, and a plaintext node a TLS peer") {
        TestPki pki;
        auto ca = pki.makeCa("cluster");
        TestNode secure("secure", pfun::testing::testSecret(), 15000ms, 5000ms,
                        withTls(pki.makeNode(ca, "secure")));
        TestNode plain("plain");
        SUBCASE("the plaintext node connects") {
            CHECK_FALSE(plain.node().connect(secure.name(), 10s));
            CHECK(eventually([&] { return secure.logHas("does not use TLS"); }));
            CHECK(eventually([&] { return plain.logHas("this node requires TLS"); }));
        }
        SUBCASE("the TLS node connects") {
            CHECK_FALSE(secure.node().connect(plain.name(), 10s));
            CHECK(eventually([&] { return plain.logHas("speaks TLS"); }));
            CHECK(eventually([&] { return secure.logHas("TLS handshake failed"); }));
        }
        CHECK(plain.node().peers().empty());
        CHECK(secure.node().peers().empty());
    }

    TEST_CASE("a certificate from another CA is refused") {
        TestPki pki;
        auto ca = pki.makeCa("cluster");
        auto other = pki.makeCa("other");
        TestNode a("a", pfun::testing::testSecret(), 15000ms, 5000ms,
                   withTls(pki.makeNode(ca, "a")));
        // Signed by another CA, though it trusts the cluster's CA.
        TlsFiles stranger = pki.makeNode(other, "stranger");
        stranger.ca = ca.file;
        TestNode s("s", pfun::testing::testSecret(), 15000ms, 5000ms, withTls(stranger));
        CHECK_FALSE(s.node().connect(a.name(), 10s));
        CHECK(eventually([&] { return a.logHas("certificate verify failed"); }));
        CHECK(a.node().peers().empty());
        CHECK(s.node().peers().empty());
    }

    TEST_CASE("a node with an incomplete or unreadable TLS configuration does not start") {
        TestPki pki;
        auto ca = pki.makeCa("cluster");
        TlsFiles f = pki.makeNode(ca, "a");
        vm::Runtime rt;
        net::NodeConfig config;
        config.name = "x@127.0.0.1:0";
        config.secret = pfun::testing::testSecret();
        config.tlsCert = f.cert;
        std::string error;
        CHECK(net::Node::start(rt, config, &error) == nullptr);
        CHECK(error.find("--tls-key") != std::string::npos);
        config.tlsKey = f.key;
        config.tlsCa = f.ca + ".missing";
        CHECK(net::Node::start(rt, config, &error) == nullptr);
        CHECK(error.find("TLS") != std::string::npos);
    }

} // TEST_SUITE
