// os BIFs: the environment (getenv/0,1,2, putenv/2, unsetenv/1), type/0 and
// getpid/0. (os:timestamp/0 and os:system_time/0,1 live with the clocks in
// bif_erlang_misc.cpp.)
//
// The environment is the host process's, shared by every Runtime in it and by C
// code that calls getenv: setenv/unsetenv are not safe against concurrent readers,
// so every access from here holds one lock (EnvLock). Libraries that read the
// environment on their own threads are outside it; pfun's runtime reads it only at
// start-up.
//
// A process that a peer spawned here (or one it spawned) may neither read nor change
// the environment: it could hold the node's secrets, and changing it would change
// the node. Such calls raise error:{not_permitted, {os, Function}}.
#include "bif_util.h"
#include "chars.h"
#include "term_text.h"

#include "pfun/vm/construct.h"

#include <cstdlib>
#include <mutex>
#include <unistd.h>

extern char** environ;

namespace pfun::stdlib::detail {

using vm::Process;
using vm::Term;

namespace {

// The one piece of state here that is not per runtime, on purpose: the environment
// belongs to the OS process, shared by every runtime it hosts, and glibc's setenv and
// getenv may not run concurrently, so every runtime's os:*env BIFs take this lock.
std::mutex& envLock() {
    static std::mutex m;
    return m;
}

bool refused(Process& p, std::string_view fn, Term& error) {
    if (!p.spawnedByPeer) return false;
    error = notPermitted(p, "os", fn);
    return true;
}

// A variable name or value: a flat string, as UTF-8 bytes. Names may not contain '='
// (or be empty, for putenv) and neither may contain NUL.
bool envText(Term t, std::string& out, bool isName) {
    Chars cs;
    if (!flatString(t, cs)) return false;
    out = encodeUtf8(cs);
    if (out.find('\0') != std::string::npos) return false;
    if (isName && out.find('=') != std::string::npos) return false;
    return true;
}

Term getenv0(Process& p, const Term*) {
    Term err;
    if (refused(p, "getenv", err)) return err;
    std::vector<std::string> vars;
    {
        std::lock_guard lock(envLock());
        for (char** e = environ; e && *e; ++e)
            vars.emplace_back(*e);
    }
    Term list = Term::nil();
    for (auto it = vars.rbegin(); it != vars.rend(); ++it)
        list = vm::makeCons(p.heap(), vm::makeCharListFromUtf8(p.heap(), *it), list);
    return list;
}

Term lookup(Process& p, Term name, Term otherwise) {
    Term err;
    if (refused(p, "getenv", err)) return err;
    std::string key;
    if (!envText(name, key, false)) return p.badarg();
    std::string value;
    {
        std::lock_guard lock(envLock());
        const char* v = key.find('=') == std::string::npos ? std::getenv(key.c_str()) : nullptr;
        if (!v) return otherwise;
        value = v;
    }
    return vm::makeCharListFromUtf8(p.heap(), value);
}

Term getenv1(Process& p, const Term* a) {
    return lookup(p, a[0], atom(p, "false"));
}
Term getenv2(Process& p, const Term* a) {
    return lookup(p, a[0], a[1]);
}

Term putenv2(Process& p, const Term* a) {
    Term err;
    if (refused(p, "putenv", err)) return err;
    std::string key, value;
    if (!envText(a[0], key, true) || key.empty() || !envText(a[1], value, false)) return p.badarg();
    std::lock_guard lock(envLock());
    if (setenv(key.c_str(), value.c_str(), 1) != 0) return p.badarg();
    return atom(p, "true");
}

Term unsetenv1(Process& p, const Term* a) {
    Term err;
    if (refused(p, "unsetenv", err)) return err;
    std::string key;
    if (!envText(a[0], key, true)) return p.badarg();
    std::lock_guard lock(envLock());
    if (!key.empty()) unsetenv(key.c_str());
    return atom(p, "true");
}

Term type0(Process& p, const Term*) {
    return vm::makeTuple(p.heap(), {atom(p, "unix"), atom(p, "linux")});
}

Term getpid0(Process& p, const Term*) {
    return vm::makeStringList(p.heap(), std::to_string(::getpid()));
}

constexpr BifSpec kOsBifs[] = {
    {"os", "getenv", 0, getenv0}, {"os", "getenv", 1, getenv1},     {"os", "getenv", 2, getenv2},
    {"os", "putenv", 2, putenv2}, {"os", "unsetenv", 1, unsetenv1}, {"os", "type", 0, type0},
    {"os", "getpid", 0, getpid0},
};

} // namespace

void registerOsBifs(vm::Runtime& rt) {
    registerTable(rt, kOsBifs);
}

} // namespace pfun::stdlib::detail
