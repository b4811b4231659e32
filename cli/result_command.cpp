#include "result_command.h"

#include "client_node.h"

#include "pfun/stdlib/format.h"
#include "pfun/vm/distribution.h"

#include <charconv>
#include <cstdio>
#include <memory>
#include <string>

namespace pfun::cli {

namespace {

using vm::Term;

bool parseNumber(std::string_view s, uint64_t& out) {
    if (s.empty()) return false;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && end == s.data() + s.size();
}

} // namespace

int runResult(const ResultArgs& a) {
    std::optional<uint64_t> number = parseOwnPid(a.pid);
    if (!number) {
        std::fprintf(stderr,
                     "pfun result: %s is not a pid as the node prints its own: <0.N.S>, e.g. "
                     "<0.42.0>\n",
                     a.pid.c_str());
        return 2;
    }
    if (a.timeoutMs < -1) {
        std::fprintf(stderr, "pfun result: --timeout must be a number of milliseconds\n");
        return 2;
    }
    int code = 0;
    auto client = ClientNode::open("result", a.node, a.secretFile, &code);
    if (!client) return code;
    vm::Runtime& rt = client->runtime();
    Term pid = rt.distribution().remotePid(client->atom(a.node), uint32_t(*number & 0xffffffffu),
                                           uint32_t(*number >> 32));
    Term timeout = a.timeoutMs < 0 ? client->atom("infinity") : Term::makeSmall(a.timeoutMs);
    std::string failure;
    Term outcome = client->call("erlang", "get_result", {pid, timeout}, &failure);
    if (outcome.isNonValue()) {
        std::fprintf(stderr, "pfun result: get_result failed:\n%s", failure.c_str());
        return 1;
    }
    bool pair = outcome.isTuple() && outcome.tupleArity() == 2;
    if (pair && outcome.element(0) == client->atom("ok")) {
        std::string out = stdlib::printTerm(rt, outcome.element(1)) + "\n";
        std::fwrite(out.data(), 1, out.size(), stdout);
        std::fflush(stdout);
        return 0;
    }
    std::string text = stdlib::printTerm(rt, outcome, 1, 80);
    std::fprintf(stderr, "pfun result: %s on %s: %s\n", a.pid.c_str(), a.node.c_str(),
                 text.c_str());
    Term reason = pair ? outcome.element(1) : Term::nonValue();
    if (reason == client->atom("timeout")) return 5;
    if (reason == client->atom("noconnection")) return 4;
    return 1;
}

std::optional<uint64_t> parseOwnPid(std::string_view text) {
    if (text.size() >= 2 && text.front() == '<' && text.back() == '>')
        text = text.substr(1, text.size() - 2);
    size_t first = text.find('.');
    size_t second = first == std::string_view::npos ? first : text.find('.', first + 1);
    if (second == std::string_view::npos) return std::nullopt;
    uint64_t node = 0, n = 0, s = 0;
    if (!parseNumber(text.substr(0, first), node) || node != 0 ||
        !parseNumber(text.substr(first + 1, second - first - 1), n) ||
        !parseNumber(text.substr(second + 1), s) || s >= (uint64_t(1) << 26) ||
        n >= (uint64_t(1) << 58))
        return std::nullopt;
    uint64_t number = n + (s << 32);
    if (number >= (uint64_t(1) << 58)) return std::nullopt;
    return number;
}

} // namespace pfun::cli
