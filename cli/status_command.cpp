#include "status_command.h"

#include "client_node.h"
#include "term_json.h"

#include "pfun/stdlib/format.h"
#include "pfun/vm/binary.h"
#include "pfun/vm/map.h"
#include "pfun/vm/number.h"

#include <fmt/format.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace pfun::cli {

namespace {

using vm::Term;

// The shipping counters in the order the table shows them (pfun_admin.erl), with
// their two header lines.
struct ShipColumn {
    const char* key;
    const char* group;
    const char* label;
};
constexpr ShipColumn kShipColumns[] = {
    {"spawns_sent", "spawns", "sent"},         {"spawns_served", "", "served"},
    {"objects_shipped", "shipped", "objects"}, {"bytes_shipped", "", "bytes"},
    {"objects_fetched", "fetched", "objects"}, {"bytes_fetched", "", "bytes"},
    {"fetch_round_trips", "fetch", "trips"},   {"fetches_served", "fetches", "served"},
    {"cache_hits", "cache", "hits"},           {"result_queries", "result", "queries"},
    {"code_cache_loads", "store", "loads"},
};

class Table {
  public:
    Table(ClientNode& c, Term status) : c_(c), status_(status) {}

    Term get(Term map, const char* key) {
        return map.isMap() ? vm::mapGet(map, c_.atom(key)) : Term::nonValue();
    }
    std::string text(Term t) {
        if (t.isNonValue()) return "-";
        if (t.isAtom()) return c_.runtime().atoms().name(t);
        if (t.isInteger()) return vm::integerToString(t);
        return stdlib::writeTerm(c_.runtime(), t);
    }
    std::string binaryOrAtom(Term t) {
        if (!t.isBitstring()) return text(t);
        vm::BinaryView v = vm::binaryView(t);
        if (!v.isBinary() || !v.byteAligned()) return text(t);
        return std::string(reinterpret_cast<const char*>(v.data), v.byteSize());
    }

    std::string render() {
        std::string out;
        auto row = [&](const char* label, const std::string& value) {
            out += fmt::format("{:<12}{}\n", label, value);
        };
        row("node", text(get(status_, "node")));
        Term up = get(status_, "uptime_ms");
        if (up.isSmall()) row("uptime", duration(up.small()));
        Term policy = get(status_, "policy");
        row("policy", policy == c_.atom("builtin") ? "built-in (everything lazy, prefetch 1)"
                                                   : binaryOrAtom(policy));
        row("processes", text(get(status_, "processes")));
        std::vector<std::string> peers;
        for (Term l = get(status_, "connected"); l.isList(); l = l.tail())
            peers.push_back(text(l.head()));
        row("connected", peers.empty() ? "none" : std::to_string(peers.size()));
        for (const std::string& p : peers)
            out += fmt::format("{:<12}{}\n", "", p);
        Term net = get(status_, "net");
        if (net.isMap() && vm::mapSize(net) > 0) {
            row("frames",
                fmt::format("in {}, out {} ({} socket writes)", text(get(net, "frames_in")),
                            text(get(net, "frames_out")), text(get(net, "writes"))));
            row("bytes", fmt::format("in {}, out {}", text(get(net, "bytes_in")),
                                     text(get(net, "bytes_out"))));
            row("refused", text(get(net, "refused")));
            Term busy = get(net, "busy_suspends");
            if (!busy.isNonValue())
                row("busy", fmt::format("{} sender suspensions, peak queue {} bytes", text(busy),
                                        text(get(net, "peak_queued_bytes"))));
        }
        out += shipping();
        return out;
    }

  private:
    static std::string duration(int64_t ms) {
        int64_t s = ms / 1000;
        if (s < 60) return fmt::format("{}.{} s", s, (ms % 1000) / 100);
        if (s < 3600) return fmt::format("{} min {} s", s / 60, s % 60);
        if (s < 86400) return fmt::format("{} h {} min", s / 3600, (s % 3600) / 60);
        return fmt::format("{} d {} h", s / 86400, (s % 86400) / 3600);
    }

    // Rows: the total, then one per peer; columns: the counters.
    std::string shipping() {
        Term ship = get(status_, "shipping");
        std::vector<std::string> names{"total"};
        std::vector<Term> rows{get(ship, "total")};
        Term peers = get(ship, "peers");
        if (peers.isMap()) {
            std::vector<Term> keys, values;
            vm::mapCollect(peers, keys, values);
            for (size_t i = 0; i < keys.size(); ++i) {
                names.push_back(text(keys[i]));
                rows.push_back(values[i]);
            }
        }
        size_t first = 8;
        for (const std::string& n : names)
            first = std::max(first, n.size());
        std::vector<std::vector<std::string>> cells(rows.size());
        std::vector<size_t> widths;
        for (const ShipColumn& col : kShipColumns) {
            size_t w = std::max(std::strlen(col.group), std::strlen(col.label));
            for (size_t r = 0; r < rows.size(); ++r) {
                cells[r].push_back(text(get(rows[r], col.key)));
                w = std::max(w, cells[r].back().size());
            }
            widths.push_back(w);
        }
        std::string out = fmt::format("\n{:<{}}", "shipping", first);
        for (size_t c = 0; c < widths.size(); ++c)
            out += fmt::format("  {:>{}}", kShipColumns[c].group, widths[c]);
        out += fmt::format("\n{:<{}}", "", first);
        for (size_t c = 0; c < widths.size(); ++c)
            out += fmt::format("  {:>{}}", kShipColumns[c].label, widths[c]);
        out += '\n';
        for (size_t r = 0; r < rows.size(); ++r) {
            out += fmt::format("{:<{}}", names[r], first);
            for (size_t c = 0; c < widths.size(); ++c)
                out += fmt::format("  {:>{}}", cells[r][c], widths[c]);
            out += '\n';
        }
        // The open request tables (they drain when nothing is in flight).
        Term tables = get(ship, "tables");
        if (tables.isMap() && vm::mapSize(tables) > 0) {
            std::vector<Term> keys, values;
            vm::mapCollect(tables, keys, values);
            std::string line;
            for (size_t i = 0; i < keys.size(); ++i)
                line += (i ? ", " : "") + text(keys[i]) + " " + text(values[i]);
            out += fmt::format("{:<{}}  {}\n", "open requests", first, line);
        }
        return out;
    }

    ClientNode& c_;
    Term status_;
};

} // namespace

int runStatus(const StatusArgs& a) {
    int code = 0;
    auto client = ClientNode::open("status", a.node, a.secretFile, &code);
    if (!client) return code;
    Term target = client->atom(a.node);
    std::string failure;
    Term answer = client->call("pfun_admin", "ask",
                               {target, Term::makeSmall(std::max(0L, a.timeoutMs))}, &failure);
    if (answer.isNonValue()) {
        std::fprintf(stderr, "pfun status: asking %s failed:\n%s", a.node.c_str(), failure.c_str());
        return 1;
    }
    if (answer.isTuple() && answer.tupleArity() == 2 && answer.element(0) == client->atom("ok")) {
        Term status = answer.element(1);
        std::string out =
            a.json ? termToJson(client->runtime(), status) + "\n" : Table(*client, status).render();
        std::fwrite(out.data(), 1, out.size(), stdout);
        std::fflush(stdout);
        return 0;
    }
    Term reason = answer.isTuple() && answer.tupleArity() == 2 ? answer.element(1) : answer;
    if (reason == client->atom("timeout")) {
        std::fprintf(stderr,
                     "pfun status: %s did not answer within %ld ms (is it a node started by "
                     "pfun node, run or repl?)\n",
                     a.node.c_str(), a.timeoutMs);
        return 5;
    }
    if (reason == client->atom("noconnection")) {
        std::fprintf(stderr, "pfun status: the connection to %s was lost before it answered\n",
                     a.node.c_str());
        return 4;
    }
    std::fprintf(stderr, "pfun status: %s: %s\n", a.node.c_str(),
                 stdlib::writeTerm(client->runtime(), answer).c_str());
    return 1;
}

} // namespace pfun::cli
