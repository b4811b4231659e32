// `pfun result --node NAME --secret-file F PID [--timeout MS]`: get_result(Pid) from
// a shell script.
//
// PID is written as NAME prints its own pids, <0.N.S> (the brackets may be left
// out). A short-lived client node (client_node.h) connects to NAME, builds the
// remote pid of NAME for it and calls get_result/2, which on NAME waits for the
// process to end (up to MS milliseconds; without --timeout, until it ends or the
// connection is lost).
//
// {ok, Value}: Value printed as ~p prints it, exit 0. Otherwise the outcome is
// printed to stderr ({error, timeout}, {error, noproc}, {error, {Class, Reason}},
// {error, {code_unavailable, Hash}}, ...) and the exit code says which (DESIGN.md
// §7): 5 timeout, 4 NAME unreachable, refusing the handshake (wrong secret) or gone
// while waiting (noconnection), 1 any other error, 2 a malformed PID or
// NAME, 6 a bad secret
// file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pfun::cli {

// "<0.N.S>" or "0.N.S" -> the pid's number on its node (N + S * 2^32); nullopt
// when malformed (the first part must be 0: a node prints its own pids with 0).
std::optional<uint64_t> parseOwnPid(std::string_view text);

struct ResultArgs {
    std::string node;
    std::string secretFile;
    std::string pid;
    long timeoutMs = -1; // -1: infinity
};
int runResult(const ResultArgs& args);

} // namespace pfun::cli
