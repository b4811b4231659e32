// Making a command's runtime a node: the flags `pfun node`, `pfun run` and
// `pfun repl` share (--name, --secret-file, --connect, ...), an optional TOML config
// file under them, and starting the net::Node from them.
//
// Flags win over the config file; the config file wins over the defaults. The node
// is optional for run and repl (no --name: not distributed), required for `pfun node`.
#pragma once

#include "pfun/net/node.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pfun::vm {
class Runtime;
}

namespace pfun::cli {

struct NodeFlags {
    std::string name;                 // name@host:port (port 0: any free port)
    std::string secretFile;           // the cluster secret
    std::vector<std::string> connect; // peers to connect to at start
    std::string listen;               // listen address (default 127.0.0.1)
    long tickMs = 0;                  // heartbeat tick (0: the default)
    long handshakeTimeoutMs = 0;
    long maxFrameBytes = 0;
    long busyLimitBytes = -1; // back-pressure on sends (0: none; -1: the default)
    long busyWaitUs = -1;     // network thread's polling before it sleeps (-1: default)
    unsigned schedulers = 0;  // scheduler threads (0: one per core)
    std::string policyFile;   // the shipping policy (TOML, docs/policy.md); empty: built-in
    std::string codeCache;    // directory keeping shipped code across restarts; empty: none
    // Where the node's log lines go (one line per call, no newline); the runtime's
    // error output when empty.
    std::function<void(std::string_view)> log;
    std::string tlsCert, tlsKey, tlsCa; // TLS 1.3 (all three or none; net::NodeConfig)

    bool wanted() const { return !name.empty(); }
};

// Fills the fields of `flags` that are still empty from the TOML file at `path`
// (keys: name, secret_file, connect (array), listen, tick_ms, handshake_timeout_ms,
// max_frame_bytes, busy_limit_bytes, busy_wait_us, schedulers, policy, code_cache, tls_cert,
// tls_key, tls_ca; any other key is an error). false with "file:line:col: error: ..." in *error.
bool readNodeConfig(const std::string& path, NodeFlags& flags, std::string* error);

// Starts a node on `rt` from the flags, starts its administration server
// (pfun_admin, which `pfun status` asks) and connects to the --connect peers.
// nullptr (with the message already written to `errors`) and *exitCode set (4: a
// peer unreachable or refused, 6: a bad name, secret, config, policy file (its
// errors with line, column and a caret) or code cache directory) on failure.
std::unique_ptr<net::Node> startNode(vm::Runtime& rt, const NodeFlags& flags,
                                     const std::function<void(std::string_view)>& errors,
                                     int* exitCode);

// Takes the node flags out of a raw argument list at position i (for `pfun run`,
// whose arguments are parsed by hand): true when argv[i] was one (i advanced).
bool takeNodeFlag(const std::vector<std::string>& raw, size_t& i, NodeFlags& flags);

} // namespace pfun::cli
