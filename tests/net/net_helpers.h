// Shared by the node tests: a node in this test process (a runtime with the standard
// library, the test module loaded, a Node on a free 127.0.0.1 port, its log
// captured), polling with deadlines, and calling Erlang functions from the test.
#pragma once

#include "module_loader.h"

#include "pfun/net/node.h"
#include "pfun/stdlib/format.h"
#include "pfun/stdlib/stdlib.h"
#include "pfun/vm/construct.h"
#include "pfun/vm/external.h"
#include "pfun/vm/interpreter.h"
#include "pfun/vm/process.h"
#include "pfun/vm/runtime.h"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

namespace pfun::testing {

inline std::vector<uint8_t> testSecret(uint8_t seed = 7) {
    std::vector<uint8_t> s(32);
    for (size_t i = 0; i < s.size(); ++i)
        s[i] = uint8_t(seed * 31 + i * 17);
    return s;
}

// A path for a scratch file of the tests (policy files): in the temporary directory,
// named per test process, never in the directory the tests run from.
inline std::string scratchPath(const std::string& name) {
    return (std::filesystem::temp_directory_path() /
            ("pfun-net-test-" + std::to_string(::getpid()) + "-" + name))
        .string();
}

// Polls `done` every few milliseconds until it holds or `limit` passes.
inline bool eventually(const std::function<bool()>& done,
                       std::chrono::milliseconds limit = std::chrono::seconds(20)) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return done();
}

// The Erlang side of the tests.
inline constexpr const char* kTestModule = R"(
-module(nt).
-export([start_echo/0, echo_loop/0, call/2, call_named/3, watch/1, watch_link/1,
         show/1, stop/1, names/0, same/2, stream/2]).

%% Sends N numbered messages, then checks that N echoes come back in order.
stream(Pid, N) ->
    [Pid ! {self(), I} || I <- lists:seq(1, N)],
    collect(1, N).

collect(I, N) when I > N -> ok;
collect(I, N) ->
    receive
        {echoed, _, I} -> collect(I + 1, N);
        {echoed, _, Other} -> {out_of_order, I, Other}
    after 10000 -> {missing, I}
    end.

%% The echo of T is T itself (true) or what came back instead.
same(Pid, T) ->
    case call(Pid, T) of
        {_, T} -> true;
        Other -> Other
    end.

start_echo() ->
    Pid = spawn(fun echo_loop/0),
    register(echo, Pid),
    Pid.

echo_loop() ->
    receive
        {From, Msg} -> From ! {echoed, node(), Msg}, echo_loop();
        stop -> ok
    end.

call(Pid, Msg) ->
    Pid ! {self(), Msg},
    receive {echoed, N, M} -> {N, M} after 10000 -> timeout end.

call_named(Name, Node, Msg) ->
    {Name, Node} ! {self(), Msg},
    receive {echoed, N, M} -> {N, M} after 10000 -> timeout end.

%% A process that monitors Pid and returns what its 'DOWN' says (get_result).
watch(Pid) ->
    Parent = self(),
    W = spawn(fun() ->
                  Ref = monitor(process, Pid),
                  Parent ! {ready, self()},
                  receive {'DOWN', Ref, process, P, R} when P =:= Pid -> {down, R}
                  after 20000 -> timeout end
              end),
    receive {ready, W} -> W end.

%% Likewise through a link, trapping exits.
watch_link(Pid) ->
    Parent = self(),
    W = spawn(fun() ->
                  process_flag(trap_exit, true),
                  link(Pid),
                  Parent ! {ready, self()},
                  receive {'EXIT', P, R} when P =:= Pid -> {exit, R}
                  after 20000 -> timeout end
              end),
    receive {ready, W} -> W end.

show(T) -> lists:flatten(io_lib:format("~p", [T])).

stop(Pid) -> Pid ! stop, ok.

names() -> nodes().
)";

class TestNode {
  public:
    explicit TestNode(const std::string& shortName, std::vector<uint8_t> secret = testSecret(),
                      std::chrono::milliseconds tick = std::chrono::milliseconds(15000),
                      std::chrono::milliseconds handshakeTimeout = std::chrono::milliseconds(5000),
                      std::function<void(net::NodeConfig&)> configure = {})
        : configure_(std::move(configure)),
          loader_({}, [this](std::string_view s) { appendLog(s); }) {
        rt_ = std::make_unique<vm::Runtime>();
        stdlib::registerBifs(*rt_);
        net::registerNetBifs(*rt_);
        rt_->setOutput([this](std::string_view s) { appendLog(s); });
        rt_->setErrorOutput([this](std::string_view s) { appendLog(s); });
        loader_.install(*rt_);
        rt_->scheduler().setThreadCount(2);
        REQUIRE(loader_.loadSource(*rt_, kTestModule, "nt.erl") != nullptr);
        host_ = std::make_shared<vm::Process>(*rt_);
        rt_->processes().add(host_);
        start(shortName, std::move(secret), tick, handshakeTimeout);
    }
    ~TestNode() {
        node_.reset();
        rt_->scheduler().stop();
    }

    void start(const std::string& shortName, std::vector<uint8_t> secret,
               std::chrono::milliseconds tick, std::chrono::milliseconds handshakeTimeout) {
        net::NodeConfig config;
        config.name = shortName + "@127.0.0.1:0";
        config.secret = std::move(secret);
        config.tick = tick;
        config.handshakeTimeout = handshakeTimeout;
        config.log = [this](std::string_view s) { appendLog(std::string(s) + "\n"); };
        if (configure_) configure_(config); // e.g. TLS files
        std::string error;
        node_ = net::Node::start(*rt_, std::move(config), &error);
        REQUIRE_MESSAGE(node_ != nullptr, error);
        name_ = node_->name();
    }
    // Destroys the Node (its peers see the connection drop); the runtime stays.
    void stopNode() { node_.reset(); }

    net::Node& node() { return *node_; }
    // Loads another module from source on this node only.
    bool loadSource(const char* source, const char* file) {
        return loader_.loadSource(*rt_, source, file) != nullptr;
    }
    vm::Runtime& rt() { return *rt_; }
    std::string name() const { return name_; } // kept after stopNode()
    vm::Term atom(std::string_view s) { return rt_->atom(s); }

    // Calls nt:F(Args) on the host process; the result printed as ~p prints it.
    std::string call(std::string_view f, std::initializer_list<vm::Term> args) {
        return callIn("nt", f, args);
    }
    std::string callIn(std::string_view m, std::string_view f,
                       std::initializer_list<vm::Term> args) {
        std::vector<vm::Term> a(args);
        vm::CallResult r = vm::callMfa(*host_, atom(m), atom(f), a);
        if (!r.ok) return "exception: " + stdlib::writeTerm(*rt_, r.reason);
        last_ = r.value;
        return stdlib::writeTerm(*rt_, r.value);
    }
    // The term the last call returned (valid until the next call).
    vm::Term last() const { return last_; }

    std::string log() {
        std::lock_guard lock(logMutex_);
        return log_;
    }
    bool logHas(std::string_view s) { return log().find(s) != std::string::npos; }

  private:
    void appendLog(std::string_view s) {
        std::lock_guard lock(logMutex_);
        if (std::getenv("PFUN_NET_TEST_LOG")) std::fwrite(s.data(), 1, s.size(), stderr);
        log_ += s;
    }
    std::mutex logMutex_;
    std::string log_;
    std::function<void(net::NodeConfig&)> configure_;
    cli::ModuleLoader loader_;
    std::unique_ptr<vm::Runtime> rt_;
    std::shared_ptr<vm::Process> host_;
    std::unique_ptr<net::Node> node_;
    vm::Term last_;
    std::string name_;
};

// A pid or other term of node `from` as the same term on node `to` (terms are tied
// to their runtime's atom table): through the external term format.
inline vm::Term transfer(TestNode& from, vm::Term t, TestNode& to, vm::Heap& heap) {
    std::vector<uint8_t> bytes;
    REQUIRE(vm::encodeTerm(t, from.rt().atoms(), bytes, from.node().nameAtom()));
    vm::Term out = vm::binaryToTerm(heap, bytes.data(), bytes.size(), to.rt().atoms(), nullptr,
                                    to.node().nameAtom());
    REQUIRE(!out.isNonValue());
    return out;
}

} // namespace pfun::testing
