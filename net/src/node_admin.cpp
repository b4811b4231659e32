#include "pfun/net/node_admin.h"

#include "shipping_impl.h"

#include "pfun/net/node.h"
#include "pfun/net/shipping.h"
#include "pfun/vm/binary.h"
#include "pfun/vm/construct.h"
#include "pfun/vm/number.h"
#include "pfun/vm/process.h"
#include "pfun/vm/runtime.h"

#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <optional>

namespace pfun::net {

namespace {

using vm::Process;
using vm::Term;

// The age of this OS process in milliseconds, from /proc (nullopt elsewhere).
std::optional<uint64_t> processAgeMs() {
    double sinceBoot = 0;
    if (FILE* f = std::fopen("/proc/uptime", "r")) {
        int n = std::fscanf(f, "%lf", &sinceBoot);
        std::fclose(f);
        if (n != 1) return std::nullopt;
    } else {
        return std::nullopt;
    }
    char buf[1024];
    size_t len = 0;
    if (FILE* f = std::fopen("/proc/self/stat", "r")) {
        len = std::fread(buf, 1, sizeof buf - 1, f);
        std::fclose(f);
    }
    buf[len] = '\0';
    // The command name (field 2) is in parentheses and may hold spaces: fields
    // are counted from the last ')'. starttime is field 22, the 20th after it.
    const char* at = std::strrchr(buf, ')');
    if (!at) return std::nullopt;
    unsigned long long start = 0;
    int field = 2;
    for (const char* c = at + 1; *c; ++c) {
        if (*c != ' ') continue;
        if (++field == 22) {
            if (std::sscanf(c + 1, "%llu", &start) != 1) return std::nullopt;
            break;
        }
    }
    long ticks = sysconf(_SC_CLK_TCK);
    if (field != 22 || ticks <= 0) return std::nullopt;
    double age = sinceBoot - double(start) / double(ticks);
    return age > 0 ? uint64_t(age * 1000.0) : 0;
}

Term nodeStats(Process& p, const Term*) {
    vm::Runtime& rt = p.runtime();
    vm::Heap& heap = p.heap();
    auto kv = [&](const char* k, uint64_t v) {
        return vm::makeTuple(heap, {rt.atom(k), vm::makeIntegerU(heap, v)});
    };
    std::vector<Term> items;
    if (auto age = processAgeMs()) items.push_back(kv("uptime_ms", *age));
    std::optional<Node::Stats> stats =
        rt.distribution().withRouter([](vm::RemoteRouter* r) -> std::optional<Node::Stats> {
            if (Node* n = dynamic_cast<Node*>(r)) return n->stats();
            return std::nullopt;
        });
    if (stats) {
        items.push_back(kv("frames_in", stats->framesIn));
        items.push_back(kv("frames_out", stats->framesOut));
        items.push_back(kv("bytes_in", stats->bytesIn));
        items.push_back(kv("bytes_out", stats->bytesOut));
        items.push_back(kv("refused", stats->refused));
        items.push_back(kv("writes", stats->writes));
        items.push_back(kv("busy_suspends", stats->busySuspends));
        items.push_back(kv("peak_queued_bytes", stats->peakQueuedBytes));
    }
    std::string file = shippingPolicyFile(rt);
    Term policy = file.empty() ? rt.atom("builtin")
                               : vm::makeBinary(heap, reinterpret_cast<const uint8_t*>(file.data()),
                                                file.size());
    items.push_back(vm::makeTuple(heap, {rt.atom("policy"), policy}));
    return vm::makeList(heap, items);
}

} // namespace

bool reloadShippingPolicy(vm::Runtime& rt, const std::string& path, std::string* error) {
    ShippingRef s = shippingOf(rt);
    if (!s) {
        if (error) *error = "this runtime is not a node with code shipping";
        return false;
    }
    return s->policy().reload(path, error);
}

std::string shippingPolicyFile(vm::Runtime& rt) {
    ShippingRef s = shippingOf(rt);
    return s ? s->policy().current()->fileName() : std::string();
}

void registerNodeAdminBifs(vm::Runtime& rt) {
    rt.bifs().add(rt.atom("net"), rt.atom("node_stats"), 0, nodeStats);
}

} // namespace pfun::net
