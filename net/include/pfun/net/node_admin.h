// Node administration: what an operator's tools need from a running node beyond
// what programs use — reloading the shipping policy from the host (SIGHUP on
// `pfun node`), and a BIF that reports the node's transport counters so that
// `pfun status` can show them from another OS process.
//
// net:node_stats() -> [{uptime_ms, N}, {frames_in, N}, {frames_out, N},
//                      {bytes_in, N}, {bytes_out, N}, {refused, N}, {writes, N},
//                      {busy_suspends, N}, {peak_queued_bytes, N},
//                      {policy, <<File>> | builtin}]
// busy_suspends and peak_queued_bytes are back-pressure's (Node::Stats).
// uptime_ms is the age of the OS process (from /proc; left out where /proc is not
// there), which for `pfun node` is the node's age. Without a node installed the
// counters are absent and the list holds only uptime_ms and policy.
//
// Kept apart from shipping*.cpp and node.cpp: it only reads their public state,
// through the runtime's Distribution, as the other distribution BIFs do.
#pragma once

#include <string>

namespace pfun::vm {
class Runtime;
}

namespace pfun::net {

// Re-reads the shipping policy of the node installed in `rt` from `path`. A missing
// or malformed file leaves the current policy in force: false, with the parser's
// message ("FILE:LINE:COL: ...", the line and a caret) in *error. false with a
// message too when `rt` has no node with shipping.
bool reloadShippingPolicy(vm::Runtime& rt, const std::string& path, std::string* error);

// The file the current policy came from ("" for the built-in policy).
std::string shippingPolicyFile(vm::Runtime& rt);

// Registers net:node_stats/0 (registerNetBifs calls it).
void registerNodeAdminBifs(vm::Runtime& rt);

} // namespace pfun::net
