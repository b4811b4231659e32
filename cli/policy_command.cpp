#include "policy_command.h"

#include "pfun/loader/policy.h"

#include <fmt/format.h>

#include <charconv>
#include <cstdio>

namespace pfun::cli {

namespace {

void emit(const std::function<void(std::string_view)>& sink, FILE* fallback, std::string_view s) {
    if (sink)
        sink(s);
    else
        std::fwrite(s.data(), 1, s.size(), fallback);
}

std::string sizeText(uint64_t bytes) {
    if (bytes % (uint64_t(1) << 20) == 0) return fmt::format("{} MiB", bytes >> 20);
    if (bytes % 1024 == 0) return fmt::format("{} KiB", bytes >> 10);
    return fmt::format("{} bytes", bytes);
}

// "Module:Function/Arity" -> parts; false when malformed.
bool splitMfa(std::string_view s, std::string& m, std::string& f, uint32_t& a) {
    size_t colon = s.find(':');
    size_t slash = s.rfind('/');
    if (colon == std::string_view::npos || slash == std::string_view::npos || slash < colon ||
        colon == 0 || slash == colon + 1 || slash + 1 == s.size())
        return false;
    m = s.substr(0, colon);
    f = s.substr(colon + 1, slash - colon - 1);
    auto digits = s.substr(slash + 1);
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), a);
    return ec == std::errc() && p == digits.data() + digits.size() && a <= 255;
}

// The policy of o.file, or nullopt after reporting why it is not valid.
std::optional<loader::Policy> loadReported(const PolicyOptions& o) {
    std::string error;
    auto p = loader::Policy::load(o.file, &error);
    if (!p) emit(o.err, stderr, error);
    return p;
}

} // namespace

int policyCheck(const PolicyOptions& o) {
    auto p = loadReported(o);
    if (!p) return 1;
    emit(o.out, stdout,
         fmt::format("{}: ok: {} rule{}, default {}, prefetch depth {}, closures up to {}\n",
                     o.file, p->rules().size(), p->rules().size() == 1 ? "" : "s",
                     loader::shipModeName(p->defaultMode()), p->prefetchDepth(),
                     sizeText(p->maxClosureBytes())));
    if (std::string accept = p->acceptSummary(); !accept.empty())
        emit(o.out, stdout, fmt::format("{}: {}\n", o.file, accept));
    return 0;
}

int policyExplain(const PolicyOptions& o) {
    auto p = loadReported(o);
    if (!p) return 1;
    int rc = 0;
    for (const std::string& t : o.targets) {
        if (t.rfind("hash:", 0) == 0) {
            std::string hex = t.substr(5);
            emit(o.out, stdout, p->explain({}, {}, 0, hex));
            continue;
        }
        std::string m, f;
        uint32_t a = 0;
        if (!splitMfa(t, m, f, a)) {
            emit(o.err, stderr,
                 fmt::format("pfun policy explain: \"{}\" is not Module:Function/Arity or "
                             "hash:<hex>\n",
                             t));
            rc = 2;
            continue;
        }
        emit(o.out, stdout, p->explain(m, f, a));
    }
    return rc;
}

} // namespace pfun::cli
