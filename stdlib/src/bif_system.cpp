// erlang BIFs about the running system: system_info/1, statistics/1, the calendar
// clocks (date/0, time/0, localtime/0, universaltime/0, now/0 and the conversions
// between local and universal time) and erlang:display/1.
//
// State: statistics/1's "since the last call" values and now/0's last answer are
// kept per host process (SystemClocks below), not per Runtime: the Runtime has no
// slot for library state, and a `pfun run` or `pfun node` host has exactly one
// Runtime, for which this is erl's per-node behaviour. Several Runtimes in one
// host share these counters (now/0 stays strictly increasing across all of them).
#include "bif_util.h"
#include "chars.h"
#include "term_text.h"

#include "pfun/stdlib/format.h"
#include "pfun/vm/binary.h"
#include "pfun/vm/construct.h"
#include "pfun/vm/number.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <thread>

#ifndef PFUN_VERSION
#define PFUN_VERSION "0"
#endif

namespace pfun::stdlib::detail {

using vm::Process;
using vm::Term;

namespace {

// One per runtime (Runtime::libraryState): erl keeps these per node.
struct SystemClocks {
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
    std::atomic<int64_t> lastWallMs{0};
    std::atomic<int64_t> lastRuntimeMs{0};
    std::atomic<int64_t> lastContextSwitches{0};
    std::atomic<int64_t> lastNowMicros{0};
};

SystemClocks& clocks(vm::Runtime& rt) {
    return rt.libraryState<SystemClocks>();
}

Term small(int64_t v) {
    return Term::makeSmall(v);
}

Term str(Process& p, std::string_view s) {
    return vm::makeStringList(p.heap(), s);
}

// ---- system_info/1 ----

const char* architecture() {
#if defined(__x86_64__)
    return "x86_64-pc-linux-gnu";
#elif defined(__aarch64__)
    return "aarch64-unknown-linux-gnu";
#else
    return "unknown-linux-gnu";
#endif
}

unsigned logicalProcessors() {
    unsigned n = std::thread::hardware_concurrency();
    return n ? n : 1;
}

Term systemInfo(Process& p, const Term* a) {
    vm::Runtime& rt = p.runtime();
    Term k = a[0];
    auto is = [&](std::string_view name) { return k == atom(p, name); };
    if (is("schedulers") || is("schedulers_online") || is("dirty_cpu_schedulers") ||
        is("dirty_cpu_schedulers_online"))
        return small(rt.scheduler().threadCount());
    if (is("logical_processors") || is("logical_processors_online") ||
        is("logical_processors_available"))
        return small(logicalProcessors());
    if (is("process_count")) return small(static_cast<int64_t>(rt.processes().count()));
    // pfun bounds processes by memory only; this is the largest limit erl accepts.
    if (is("process_limit")) return small(134217727);
    if (is("atom_count")) return small(static_cast<int64_t>(rt.atoms().size()));
    if (is("atom_limit"))
        return small(static_cast<int64_t>(vm::AtomTable::kChunkSize * vm::AtomTable::kMaxChunks));
    if (is("port_count")) return small(0);
    if (is("thread_pool_size")) return small(0);
    // pfun is not an OTP release: its own version answers both.
    if (is("otp_release") || is("version")) return str(p, PFUN_VERSION);
    if (is("machine")) return str(p, "pfun");
    if (is("system_architecture")) return str(p, architecture());
    if (is("wordsize")) return small(8);
    if (k.isTuple() && k.tupleArity() == 2 && k.element(0) == atom(p, "wordsize") &&
        (k.element(1) == atom(p, "internal") || k.element(1) == atom(p, "external")))
        return small(8);
    if (is("smp_support") || is("threads")) return atom(p, "true");
    if (is("system_version")) {
        unsigned n = rt.scheduler().threadCount();
        std::string v = "pfun " PFUN_VERSION " [" + std::string(architecture()) +
                        "] [64-bit] [smp:" + std::to_string(n) + ":" + std::to_string(n) + "]\n";
        return str(p, v);
    }
    return p.badarg();
}

// ---- statistics/1 ----

int64_t cpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return int64_t(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

Term totalAndSinceLast(Process& p, int64_t total, std::atomic<int64_t>& last) {
    int64_t before = last.exchange(total, std::memory_order_relaxed);
    return vm::makeTuple(
        p.heap(), {vm::makeInteger(p.heap(), total), vm::makeInteger(p.heap(), total - before)});
}

Term statistics(Process& p, const Term* a) {
    vm::Runtime& rt = p.runtime();
    Term k = a[0];
    auto is = [&](std::string_view name) { return k == atom(p, name); };
    SystemClocks& c = clocks(rt);
    if (is("wall_clock")) {
        int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::steady_clock::now() - c.start)
                         .count();
        return totalAndSinceLast(p, ms, c.lastWallMs);
    }
    if (is("runtime")) return totalAndSinceLast(p, cpuMs(), c.lastRuntimeMs);
    if (is("context_switches"))
        return vm::makeTuple(
            p.heap(), {vm::makeIntegerU(p.heap(), rt.scheduler().contextSwitches()), small(0)});
    if (is("run_queue") || is("total_run_queue_lengths") || is("total_run_queue_lengths_all") ||
        is("total_active_tasks") || is("total_active_tasks_all")) {
        bool active = is("total_active_tasks") || is("total_active_tasks_all");
        int64_t n = 0;
        for (const auto& proc : rt.processes().all()) {
            vm::ProcessState s = proc->state.load(std::memory_order_relaxed);
            if (s == vm::ProcessState::Runnable || (active && s == vm::ProcessState::Running)) ++n;
        }
        return small(n);
    }
    if (is("run_queue_lengths") || is("active_tasks")) {
        // Per scheduler: the runtime does not expose its queues one by one, so the
        // whole count is reported on the first.
        unsigned threads = rt.scheduler().threadCount();
        std::vector<Term> lens(threads ? threads : 1, small(0));
        Term all = atom(p, is("active_tasks") ? "total_active_tasks" : "run_queue");
        lens[0] = statistics(p, &all);
        return vm::makeList(p.heap(), lens);
    }
    return p.badarg();
}

// ---- clocks ----

Term dateTuple(Process& p, const std::tm& tm) {
    return vm::makeTuple(p.heap(),
                         {small(tm.tm_year + 1900), small(tm.tm_mon + 1), small(tm.tm_mday)});
}
Term timeTuple(Process& p, const std::tm& tm) {
    return vm::makeTuple(p.heap(), {small(tm.tm_hour), small(tm.tm_min), small(tm.tm_sec)});
}
std::tm nowTm(bool local) {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    if (local)
        localtime_r(&t, &tm);
    else
        gmtime_r(&t, &tm);
    return tm;
}

Term date0(Process& p, const Term*) {
    return dateTuple(p, nowTm(true));
}
Term time0(Process& p, const Term*) {
    return timeTuple(p, nowTm(true));
}
Term localtime0(Process& p, const Term*) {
    std::tm tm = nowTm(true);
    return vm::makeTuple(p.heap(), {dateTuple(p, tm), timeTuple(p, tm)});
}
Term universaltime0(Process& p, const Term*) {
    std::tm tm = nowTm(false);
    return vm::makeTuple(p.heap(), {dateTuple(p, tm), timeTuple(p, tm)});
}

// {MegaSecs, Secs, MicroSecs} of the system clock, strictly increasing: a call in the
// same microsecond as the previous one answers one microsecond later.
Term now0(Process& p, const Term*) {
    int64_t us = std::chrono::duration_cast<std::chrono::microseconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count();
    std::atomic<int64_t>& last = clocks(p.runtime()).lastNowMicros;
    int64_t prev = last.load(std::memory_order_relaxed);
    int64_t next;
    do {
        next = us > prev ? us : prev + 1;
    } while (!last.compare_exchange_weak(prev, next, std::memory_order_relaxed));
    return vm::makeTuple(p.heap(), {small(next / 1000000000000), small((next / 1000000) % 1000000),
                                    small(next % 1000000)});
}

bool daysInMonthOk(int64_t y, int64_t m, int64_t d) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1) return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

// {{Y, Mo, D}, {H, Mi, S}} with a valid date and time, into `tm`.
bool readDateTime(Term t, std::tm& tm) {
    if (!t.isTuple() || t.tupleArity() != 2) return false;
    Term d = t.element(0), h = t.element(1);
    if (!d.isTuple() || d.tupleArity() != 3 || !h.isTuple() || h.tupleArity() != 3) return false;
    for (int i = 0; i < 3; ++i)
        if (!d.element(i).isSmall() || !h.element(i).isSmall()) return false;
    int64_t y = d.element(0).small(), mo = d.element(1).small(), dd = d.element(2).small();
    int64_t hh = h.element(0).small(), mi = h.element(1).small(), s = h.element(2).small();
    // erl's range starts in 1902 (the 32-bit time_t epoch's first whole year).
    if (y < 1902 || y > 2147483647 - 1900 || !daysInMonthOk(y, mo, dd)) return false;
    if (hh < 0 || hh > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) return false;
    tm = std::tm{};
    tm.tm_year = static_cast<int>(y - 1900);
    tm.tm_mon = static_cast<int>(mo - 1);
    tm.tm_mday = static_cast<int>(dd);
    tm.tm_hour = static_cast<int>(hh);
    tm.tm_min = static_cast<int>(mi);
    tm.tm_sec = static_cast<int>(s);
    return true;
}

// isDst: 1 (daylight saving time), 0 (standard time) or -1 (let the zone decide).
Term localToUniversalImpl(Process& p, Term dateTime, int isDst) {
    std::tm tm{};
    if (!readDateTime(dateTime, tm)) return p.badarg();
    tm.tm_isdst = isDst;
    std::time_t t = mktime(&tm);
    std::tm out{};
    if (!gmtime_r(&t, &out)) return p.badarg();
    return vm::makeTuple(p.heap(), {dateTuple(p, out), timeTuple(p, out)});
}
Term localToUniversal(Process& p, const Term* a) {
    return localToUniversalImpl(p, a[0], -1);
}
Term localToUniversal2(Process& p, const Term* a) {
    if (a[1] == atom(p, "true")) return localToUniversalImpl(p, a[0], 1);
    if (a[1] == atom(p, "false")) return localToUniversalImpl(p, a[0], 0);
    if (a[1] == atom(p, "undefined")) return localToUniversalImpl(p, a[0], -1);
    return p.badarg();
}
Term universalToLocal(Process& p, const Term* a) {
    std::tm tm{};
    if (!readDateTime(a[0], tm)) return p.badarg();
    std::time_t t = timegm(&tm);
    std::tm out{};
    if (!localtime_r(&t, &out)) return p.badarg();
    return vm::makeTuple(p.heap(), {dateTuple(p, out), timeTuple(p, out)});
}

// ---- display/1 ----

// erlang:display/1 writes with the emulator's own printer, not io_lib: as ~w, but
// floats in C's %e form, maps without spaces around =>, and printable lists as strings.
void displayTerm(const vm::AtomTable& atoms, Term t, std::u32string& out);

bool displayString(Term t, std::u32string& out) {
    if (!t.isList()) return false;
    Chars cs;
    Term l = t;
    for (; l.isList(); l = l.tail()) {
        Term h = l.head();
        if (!h.isSmall() || h.small() < 0 || h.small() > 255 ||
            !isPrintableLatin1(static_cast<char32_t>(h.small())))
            return false;
        cs.push_back(static_cast<char32_t>(h.small()));
    }
    if (!l.isNil()) return false;
    writeQuoted(out, cs, U'"', false);
    return true;
}

// A binary of printable characters as <<"...">>.
bool displayBinary(Term t, std::u32string& out) {
    if (!vm::isBinaryTerm(t)) return false;
    std::string bytes = bitstringBytes(t).bytes;
    if (bytes.empty()) return false;
    Chars cs;
    for (unsigned char c : bytes) {
        if (!isPrintableLatin1(c)) return false;
        cs.push_back(c);
    }
    out += U"<<";
    writeQuoted(out, cs, U'"', false);
    out += U">>";
    return true;
}

void displayTerm(const vm::AtomTable& atoms, Term t, std::u32string& out) {
    if (t.isTuple()) {
        out += U'{';
        for (uint32_t i = 0; i < t.tupleArity(); ++i) {
            if (i) out += U',';
            displayTerm(atoms, t.element(i), out);
        }
        out += U'}';
    } else if (t.isList()) {
        if (displayString(t, out)) return;
        out += U'[';
        bool first = true;
        for (; t.isList(); t = t.tail()) {
            if (!first) out += U',';
            first = false;
            displayTerm(atoms, t.head(), out);
        }
        if (!t.isNil()) {
            out += U'|';
            displayTerm(atoms, t, out);
        }
        out += U']';
    } else if (t.isMap()) {
        std::vector<std::pair<Term, Term>> pairs;
        mapPairs(t, pairs);
        out += U"#{";
        bool first = true;
        for (auto& [k, v] : pairs) {
            if (!first) out += U',';
            first = false;
            displayTerm(atoms, k, out);
            out += U"=>";
            displayTerm(atoms, v, out);
        }
        out += U'}';
    } else if (displayBinary(t, out)) {
    } else if (t.isFloat()) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%e", t.floatValue());
        appendAscii(out, buf);
    } else {
        out += writeTermChars(atoms, t);
    }
}

Term display(Process& p, const Term* a) {
    std::u32string text;
    displayTerm(p.runtime().atoms(), a[0], text);
    text += U'\n';
    p.runtime().writeOutput(toDeviceBytes(text));
    return atom(p, "true");
}

// ---- halt/0,1,2 ----

// halt(Status, Options): Status is a non-negative integer (the exit code), a string
// (a slogan: written to stderr by the host, exit code 1) or abort; Options a proper
// list of {flush, boolean()} (output is always written through, so flush changes
// nothing here). Code a peer spawned may not end the node that serves everyone.
Term haltWith(Process& p, Term status, Term options) {
    for (Term l = options; !l.isNil(); l = l.tail()) {
        if (!l.isList()) return p.badarg();
        Term o = l.head();
        if (!o.isTuple() || o.tupleArity() != 2 || o.tupleElements()[0] != atom(p, "flush") ||
            (o.tupleElements()[1] != vm::atoms::kTrue && o.tupleElements()[1] != vm::atoms::kFalse))
            return p.badarg();
    }
    int code = 0;
    std::string slogan;
    if (status.isSmall()) {
        if (status.small() < 0) return p.badarg();
        code = static_cast<int>(status.small() & 0xff);
    } else if (status == atom(p, "abort")) {
        code = 134; // the status of a process that abort()ed, as erl's core dump ends
        slogan = "abort";
    } else {
        Chars cs;
        if (!flatString(status, cs)) return p.badarg();
        for (char32_t c : cs)
            appendUtf8(slogan, c);
        if (slogan.empty()) slogan = " ";
        code = 1;
    }
    if (p.spawnedByPeer) return notPermitted(p, "erlang", "halt");
    const vm::Runtime::HaltHandler& halt = p.runtime().haltHandler();
    if (!halt) return p.error(atom(p, "notsup"));
    halt(code, slogan);
    return p.error(atom(p, "notsup")); // a handler that returned: not a host that halts
}

Term halt0(Process& p, const Term*) {
    return haltWith(p, Term::makeSmall(0), Term::nil());
}

Term halt1(Process& p, const Term* a) {
    return haltWith(p, a[0], Term::nil());
}

Term halt2(Process& p, const Term* a) {
    return haltWith(p, a[0], a[1]);
}

constexpr BifSpec kSystemBifs[] = {
    {"erlang", "system_info", 1, systemInfo},
    {"erlang", "statistics", 1, statistics},
    {"erlang", "date", 0, date0},
    {"erlang", "time", 0, time0},
    {"erlang", "localtime", 0, localtime0},
    {"erlang", "universaltime", 0, universaltime0},
    {"erlang", "now", 0, now0},
    {"erlang", "localtime_to_universaltime", 1, localToUniversal},
    {"erlang", "localtime_to_universaltime", 2, localToUniversal2},
    {"erlang", "universaltime_to_localtime", 1, universalToLocal},
    {"erlang", "display", 1, display},
    {"erlang", "halt", 0, halt0},
    {"erlang", "halt", 1, halt1},
    {"erlang", "halt", 2, halt2},
};

} // namespace

void registerSystemBifs(vm::Runtime& rt) {
    clocks(rt); // the node's start, for statistics(wall_clock)
    registerTable(rt, kSystemBifs);
}

} // namespace pfun::stdlib::detail
