// `pfun policy check FILE` and `pfun policy explain FILE TARGET...`: the shipping
// policy (loader/policy.h, docs/policy.md) from the command line.
//
// check:   validates FILE; prints a one-line summary (exit 0) or each problem as
//          FILE:LINE:COL with the line and a caret (exit 1).
// explain: for each TARGET (Module:Function/Arity, or hash:<hex>), says how the
//          policy treats that code object and which rule decides it.
// Exit codes: 0 ok, 1 invalid policy, 2 usage (unreadable file, malformed target).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace pfun::cli {

struct PolicyOptions {
    std::string file;
    std::vector<std::string> targets;               // explain only
    std::function<void(std::string_view)> out, err; // stdout/stderr when empty
};

int policyCheck(const PolicyOptions& options);
int policyExplain(const PolicyOptions& options);

} // namespace pfun::cli
