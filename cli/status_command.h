// `pfun status --node NAME --secret-file F [--json] [--timeout MS]`: what a running
// node is doing, from another OS process.
//
// A short-lived client node (client_node.h) connects to NAME and asks its
// pfun_admin server (stdlib/erl/pfun_admin.erl) for its status: name, uptime,
// policy file, connected nodes, process count, transport counters (frames and
// bytes in and out, refused connections) and the shipping counters, in total and
// per peer. Asking ships no code and spawns nothing there, so the counters shown are
// not changed by looking at them.
//
// Output: a readable table, or with --json one JSON object (term_json.h) holding
// the same map (keys: node, connected, processes, uptime_ms, policy, net, shipping
// with total and peers).
// Exit codes (DESIGN.md §7): 0 shown; 2 NAME is not name@host:port; 4 NAME cannot be reached or
// refused the handshake (wrong secret), or went away while asked; 5 no answer in time (a node
// without pfun_admin, such as an embedding program's, never answers); 6 a bad secret
// file.
#pragma once

#include <string>

namespace pfun::cli {

struct StatusArgs {
    std::string node;
    std::string secretFile;
    bool json = false;
    long timeoutMs = 10000;
};
int runStatus(const StatusArgs& args);

} // namespace pfun::cli
