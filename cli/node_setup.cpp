#include "node_setup.h"

#include "pfun/net/handshake.h"
#include "pfun/net/shipping.h"
#include "pfun/stdlib/stdlib.h"
#include "pfun/vm/lifecycle.h"
#include "pfun/vm/runtime.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace pfun::cli {

bool readNodeConfig(const std::string& path, NodeFlags& flags, std::string* error) {
    toml::table config;
    try {
        config = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        const auto& at = e.source().begin;
        if (error)
            *error = path + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) +
                     ": error: " + std::string(e.description());
        return false;
    }
    // An unknown key is an error, not ignored: a misspelt `policy` would otherwise
    // start the node with the built-in policy and none of the file's deny rules.
    static constexpr std::string_view kKeys[] = {
        "name",    "secret_file",          "connect",         "listen",
        "tick_ms", "handshake_timeout_ms", "max_frame_bytes", "schedulers",
        "policy",  "code_cache",           "tls_cert",        "tls_key",
        "tls_ca",  "busy_limit_bytes",     "busy_wait_us"};
    for (auto&& [key, value] : config) {
        bool known = false;
        for (std::string_view k : kKeys)
            known = known || key.str() == k;
        if (known) continue;
        const auto& at = key.source().begin;
        if (error) {
            std::string expected;
            for (std::string_view k : kKeys)
                expected += (expected.empty() ? "" : ", ") + std::string(k);
            *error = path + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) +
                     ": error: unknown key '" + std::string(key.str()) + "' (expected one of " +
                     expected + ")";
        }
        return false;
    }
    auto bad = [&](const char* key, const char* what) {
        if (error) *error = path + ": error: '" + key + "' must be " + what;
        return false;
    };
    auto text = [&](const char* key, std::string& into) {
        if (auto node = config[key]) {
            auto v = node.value<std::string>();
            if (!v) return bad(key, "a string");
            if (into.empty()) into = *v;
        }
        return true;
    };
    auto number = [&](const char* key, long& into) {
        if (auto node = config[key]) {
            auto v = node.value<int64_t>();
            if (!v || *v < 0) return bad(key, "a non-negative integer");
            if (into == 0) into = long(*v);
        }
        return true;
    };
    if (!text("name", flags.name) || !text("secret_file", flags.secretFile) ||
        !text("listen", flags.listen) || !text("policy", flags.policyFile) ||
        !text("code_cache", flags.codeCache) || !number("tick_ms", flags.tickMs) ||
        !number("handshake_timeout_ms", flags.handshakeTimeoutMs) ||
        !number("max_frame_bytes", flags.maxFrameBytes) || !text("tls_cert", flags.tlsCert) ||
        !text("tls_key", flags.tlsKey) || !text("tls_ca", flags.tlsCa))
        return false;
    if (auto node = config["busy_limit_bytes"]) {
        auto v = node.value<int64_t>();
        if (!v || *v < 0) return bad("busy_limit_bytes", "a non-negative integer");
        if (flags.busyLimitBytes < 0) flags.busyLimitBytes = long(*v);
    }
    if (auto node = config["busy_wait_us"]) {
        auto v = node.value<int64_t>();
        if (!v || *v < 0) return bad("busy_wait_us", "a non-negative integer");
        if (flags.busyWaitUs < 0) flags.busyWaitUs = long(*v);
    }
    long schedulers = flags.schedulers;
    if (!number("schedulers", schedulers)) return false;
    flags.schedulers = unsigned(schedulers);
    if (auto node = config["connect"]) {
        auto* list = node.as_array();
        if (!list) return bad("connect", "an array of node names");
        if (flags.connect.empty())
            for (const auto& item : *list) {
                auto v = item.value<std::string>();
                if (!v) return bad("connect", "an array of node names");
                flags.connect.push_back(*v);
            }
    }
    return true;
}

std::unique_ptr<net::Node> startNode(vm::Runtime& rt, const NodeFlags& flags,
                                     const std::function<void(std::string_view)>& errors,
                                     int* exitCode) {
    net::NodeConfig config;
    config.name = flags.name;
    if (!flags.listen.empty()) config.listenAddress = flags.listen;
    if (flags.tickMs > 0) config.tick = std::chrono::milliseconds(flags.tickMs);
    if (flags.handshakeTimeoutMs > 0)
        config.handshakeTimeout = std::chrono::milliseconds(flags.handshakeTimeoutMs);
    if (flags.maxFrameBytes > 0) config.maxFrameBytes = size_t(flags.maxFrameBytes);
    if (flags.busyLimitBytes >= 0) config.busyLimitBytes = size_t(flags.busyLimitBytes);
    if (flags.busyWaitUs >= 0) config.busyWait = std::chrono::microseconds(flags.busyWaitUs);
    config.log = flags.log;
    config.tlsCert = flags.tlsCert;
    config.tlsKey = flags.tlsKey;
    config.tlsCa = flags.tlsCa;
    if (flags.secretFile.empty()) {
        errors("pfun: a node needs the cluster secret: --secret-file FILE (32 random bytes,\n"
               "      e.g. head -c 32 /dev/urandom > FILE && chmod 600 FILE)\n");
        *exitCode = 6;
        return nullptr;
    }
    std::string error, warning;
    if (!net::readSecretFile(flags.secretFile, config.secret, &error, &warning)) {
        errors("pfun: " + error + "\n");
        *exitCode = 6;
        return nullptr;
    }
    if (!warning.empty()) errors("pfun: warning: " + warning + "\n");
    net::ShippingConfig shipping{
        [](std::string_view m) { return stdlib::isAmbientModule(m); }, {}, {}};
    if (!flags.policyFile.empty()) {
        auto policy = loader::Policy::load(flags.policyFile, &error);
        if (!policy) {
            if (!error.empty() && error.back() != '\n') error += '\n';
            errors("pfun: policy file refused:\n" + error);
            *exitCode = 6;
            return nullptr;
        }
        shipping.policy = std::move(*policy);
    }
    if (!flags.codeCache.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(flags.codeCache, ec);
        if (ec || !std::filesystem::is_directory(flags.codeCache, ec)) {
            errors("pfun: --code-cache " + flags.codeCache + ": not a usable directory" +
                   (ec ? " (" + ec.message() + ")" : std::string()) + "\n");
            *exitCode = 6;
            return nullptr;
        }
        shipping.codeCacheDir = flags.codeCache;
    }
    auto node = net::Node::start(rt, std::move(config), &error);
    if (!node) {
        errors("pfun: cannot start node: " + error + "\n");
        *exitCode = 6;
        return nullptr;
    }
    net::enableShipping(*node, std::move(shipping));
    // The administration server `pfun status` asks (stdlib/erl/pfun_admin.erl).
    vm::SpawnOptions admin;
    vm::spawnProcess(rt, nullptr, rt.atom("pfun_admin"), rt.atom("serve"), vm::Term::nil(), admin);
    for (const std::string& peer : flags.connect) {
        if (!node->connect(peer, std::chrono::seconds(15))) {
            errors("pfun: cannot connect to " + peer + " (unreachable or refused; see above)\n");
            *exitCode = 4;
            return nullptr;
        }
    }
    return node;
}

bool takeNodeFlag(const std::vector<std::string>& raw, size_t& i, NodeFlags& flags) {
    if (i + 1 >= raw.size()) return false;
    const std::string& flag = raw[i];
    const std::string& value = raw[i + 1];
    if (flag == "--name")
        flags.name = value;
    else if (flag == "--secret-file")
        flags.secretFile = value;
    else if (flag == "--connect")
        flags.connect.push_back(value);
    else if (flag == "--listen")
        flags.listen = value;
    else if (flag == "--policy")
        flags.policyFile = value;
    else if (flag == "--code-cache")
        flags.codeCache = value;
    else if (flag == "--tick-ms")
        flags.tickMs = std::strtol(value.c_str(), nullptr, 10);
    else if (flag == "--busy-limit")
        flags.busyLimitBytes = std::max(0L, std::strtol(value.c_str(), nullptr, 10));
    else if (flag == "--busy-wait-us")
        flags.busyWaitUs = std::max(0L, std::strtol(value.c_str(), nullptr, 10));
    else if (flag == "--tls-cert")
        flags.tlsCert = value;
    else if (flag == "--tls-key")
        flags.tlsKey = value;
    else if (flag == "--tls-ca")
        flags.tlsCa = value;
    else
        return false;
    ++i;
    return true;
}

} // namespace pfun::cli
