// The system BIFs whose effects a differential test cannot see: erlang:display/1's
// text (erl writes it outside the io system, with \r\n), and the refusal of file and
// environment access to code a peer spawned on the node.
#include "pfun/stdlib/format.h"
#include "pfun/stdlib/stdlib.h"
#include "pfun/vm/process.h"
#include "pfun/vm/runtime.h"
#include "term_builder.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace pfun;

namespace {

struct Host {
    vm::Runtime rt;
    std::string out;
    Host() {
        stdlib::registerBifs(rt);
        rt.setOutput([this](std::string_view s) { out += s; });
    }
    // The result (~w) or "EXC Class:Reason".
    std::string call(vm::Process& p, const std::string& mod, const std::string& fun,
                     const std::string& argsText) {
        vm::Term args = testing::term(p, argsText);
        std::vector<vm::Term> argv;
        for (vm::Term l = args; l.isList(); l = l.tail())
            argv.push_back(l.head());
        const vm::BifEntry* e = rt.bifs().find(*rt.atoms().intern(mod), *rt.atoms().intern(fun),
                                               static_cast<uint32_t>(argv.size()));
        if (!e) return "NO BIF";
        vm::Term r = e->fn(p, argv.data());
        if (r.isNonValue()) return "EXC " + stdlib::writeTerm(rt, p.exceptionReason());
        return stdlib::writeTerm(rt, r);
    }
};

} // namespace

TEST_CASE("erlang:display/1 writes the term as the emulator prints it") {
    Host h;
    vm::Process p(h.rt);
    CHECK(h.call(p, "erlang", "display",
                 "[{a,\"it's\",<<\"ab\">>,<<1,2>>,1.5,#{k => [1|2]},'A b'}]") == "true");
    CHECK(h.out == "{a,\"it's\",<<\"ab\">>,<<1,2>>,1.500000e+00,#{k=>[1|2]},'A b'}\n");
    h.out.clear();
    CHECK(h.call(p, "erlang", "display", "[[\"a\\nb\",[],-0.25,123456789012345678901234567890]]") ==
          "true");
    CHECK(h.out == "[\"a\\nb\",[],-2.500000e-01,123456789012345678901234567890]\n");
}

TEST_CASE("system_info and statistics answer erl's shapes and reject unknown keys") {
    Host h;
    vm::Process p(h.rt);
    CHECK(h.call(p, "erlang", "system_info", "[machine]") == "[112,102,117,110]");
    CHECK(h.call(p, "erlang", "system_info", "[wordsize]") == "8");
    CHECK(h.call(p, "erlang", "system_info", "[nonsense]") == "EXC badarg");
    CHECK(h.call(p, "erlang", "statistics", "[reductions]") == "EXC badarg");
    std::string wall = h.call(p, "erlang", "statistics", "[wall_clock]");
    CHECK(wall.front() == '{');
    CHECK(h.call(p, "os", "type", "[]") == "{unix,linux}");
}

TEST_CASE("code a peer spawned gets no files and no environment") {
    Host h;
    vm::Process local(h.rt);
    CHECK(h.call(local, "file", "read_file", "[\"/nonexistent/pfun/x\"]") == "{error,enoent}");
    CHECK(h.call(local, "os", "getenv", "[\"PFUN_SURELY_UNSET_VAR\"]") == "false");
    vm::Process remote(h.rt);
    remote.spawnedByPeer = true;
    CHECK(h.call(remote, "file", "read_file", "[\"/nonexistent/pfun/x\"]") == "{error,eacces}");
    CHECK(h.call(remote, "file", "list_dir", "[\"/\"]") == "{error,eacces}");
    CHECK(h.call(remote, "file", "write_file", "[\"/nonexistent/pfun/x\",<<>>]") ==
          "{error,eacces}");
    CHECK(h.call(remote, "file", "get_cwd", "[]") == "{error,eacces}");
    CHECK(h.call(remote, "os", "getenv", "[\"PATH\"]") == "EXC {not_permitted,{os,getenv}}");
    CHECK(h.call(remote, "os", "getenv", "[]") == "EXC {not_permitted,{os,getenv}}");
    CHECK(h.call(remote, "os", "putenv", "[\"PFUN_X\",\"1\"]") ==
          "EXC {not_permitted,{os,putenv}}");
    CHECK(h.call(remote, "os", "unsetenv", "[\"PATH\"]") == "EXC {not_permitted,{os,unsetenv}}");
    CHECK(h.call(remote, "os", "getenv", "[\"PFUN_X\"]") == "EXC {not_permitted,{os,getenv}}");
    CHECK(h.call(local, "os", "getenv", "[\"PFUN_X\"]") == "false");
}

TEST_CASE("halt: checks its arguments, needs a host that halts, and is refused to a peer's code") {
    Host h;
    vm::Process p(h.rt);
    CHECK(h.call(p, "erlang", "halt", "[-1]") == "EXC badarg");
    CHECK(h.call(p, "erlang", "halt", "[foo]") == "EXC badarg");
    CHECK(h.call(p, "erlang", "halt", "[0,[{flush,maybe}]]") == "EXC badarg");
    CHECK(h.call(p, "erlang", "halt", "[0,[flush]]") == "EXC badarg");
    // No handler: an embedded runtime is not ended by the code it runs.
    CHECK(h.call(p, "erlang", "halt", "[]") == "EXC notsup");
    int code = -1;
    std::string slogan = "unset";
    h.rt.setHaltHandler([&](int c, std::string_view s) {
        code = c;
        slogan = s;
    });
    // (A real handler does not return; this one does, which halt reports as notsup.)
    CHECK(h.call(p, "erlang", "halt", "[300,[{flush,false}]]") == "EXC notsup");
    CHECK(code == 44);
    CHECK(slogan.empty());
    CHECK(h.call(p, "erlang", "halt", "[\"bye now\"]") == "EXC notsup");
    CHECK(code == 1);
    CHECK(slogan == "bye now");
    vm::Process remote(h.rt);
    remote.spawnedByPeer = true;
    code = -1;
    CHECK(h.call(remote, "erlang", "halt", "[]") == "EXC {not_permitted,{erlang,halt}}");
    CHECK(code == -1);
}

TEST_CASE("library state is per runtime, and now/0 strictly increases") {
    // Two runtimes in one host process: each has its own library state (the clock
    // baselines of statistics/1 and now/0 live there).
    Host a, b;
    vm::Process pa(a.rt), pb(b.rt);
    std::string first = a.call(pa, "erlang", "now", "[]");
    std::string second = a.call(pa, "erlang", "now", "[]");
    CHECK(first != second);
    CHECK(&a.rt.libraryState<int>() != &b.rt.libraryState<int>());
    CHECK(&a.rt.libraryState<int>() == &a.rt.libraryState<int>());
}
