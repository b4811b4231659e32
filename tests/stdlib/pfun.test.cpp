// Funs across module reloads: a plain fun made by a module version runs while that
// version is current or old, and fails with badfun once a newer load purges it (as
// erl's code server does); a portable fun pins its code and keeps running.
#include "pfun/compiler/compile.h"
#include "pfun/stdlib/stdlib.h"
#include "pfun/vm/interpreter.h"
#include "pfun/vm/process.h"
#include "pfun/vm/runtime.h"

#include <doctest/doctest.h>

#include <memory>
#include <string>

using namespace pfun;

namespace {

std::string version(const char* v) {
    return std::string("-module(rl).\n-export([mk/0, mk1/0, mkp/0, ref/0, g/0]).\n") +
           "mk() -> fun() -> " + v + " end.\n" + "mk1() -> fun(_) -> " + v + " end.\n" +
           "mkp() -> pfun() -> " + v + " end.\n" + "ref() -> pfun g/0.\n" + "g() -> " + v + ".\n";
}

// Calls a fun from bytecode, through each of the interpreter's fun-call forms.
const char* kCaller = "-module(ap).\n-export([tail/1, body/1, one/1]).\n"
                      "tail(F) -> F().\n"    // TAILCALL_FUN
                      "body(F) -> {F()}.\n"  // CALL_FUN
                      "one(F) -> {F(x)}.\n"; // CALL_FUN1

struct Host {
    std::unique_ptr<vm::Runtime> rt = std::make_unique<vm::Runtime>();
    Host() { stdlib::registerBifs(*rt); }
    void load(const std::string& source, const char* file = "rl.erl") {
        compiler::Diagnostics d(file, source);
        auto code = compiler::compileSource(source, file, *rt, d);
        REQUIRE_MESSAGE(code, d.render());
        REQUIRE(rt->loadModule(std::move(code)));
    }
    vm::Term call(vm::Process& p, const char* f) {
        vm::CallResult r = vm::callMfa(p, rt->atom("rl"), rt->atom(f), {});
        REQUIRE(r.ok);
        return r.value;
    }
    // The atom a fun returns, or "badfun" when calling it raises {badfun, Fun}.
    std::string apply(vm::Process& p, vm::Term fun) {
        vm::CallResult r = vm::callFun(p, fun, {});
        if (r.ok) return r.value.isAtom() ? rt->atoms().name(r.value) : "?";
        if (r.reason.isTuple() && r.reason.tupleArity() == 2 &&
            r.reason.element(0) == rt->atom("badfun") && r.reason.element(1) == fun)
            return "badfun";
        return "other error";
    }
    // As apply, but the call happens in bytecode: ap:F(Fun), whose result is {Atom}.
    std::string applyVia(vm::Process& p, const char* f, vm::Term fun) {
        vm::Term arg[] = {fun};
        vm::CallResult r = vm::callMfa(p, rt->atom("ap"), rt->atom(f), arg);
        if (r.ok) {
            vm::Term v = r.value.isTuple() ? r.value.element(0) : r.value;
            return v.isAtom() ? rt->atoms().name(v) : "?";
        }
        if (r.reason.isTuple() && r.reason.tupleArity() == 2 &&
            r.reason.element(0) == rt->atom("badfun") && r.reason.element(1) == fun)
            return "badfun";
        return "other error";
    }
};

} // namespace

TEST_SUITE("pfun") {
    TEST_CASE("plain funs of purged code fail with badfun; portable funs keep their code") {
        Host h;
        vm::Process p(*h.rt);
        h.load(version("v1"));
        vm::Term plain = h.call(p, "mk");
        vm::Term portable = h.call(p, "mkp");
        vm::Term named = h.call(p, "ref");
        CHECK(h.apply(p, plain) == "v1");

        h.load(version("v2")); // v1 becomes old code: still callable
        CHECK(h.apply(p, plain) == "v1");
        CHECK(h.apply(p, h.call(p, "mk")) == "v2");

        h.load(version("v3")); // v1 is purged
        CHECK(h.apply(p, plain) == "badfun");
        CHECK(h.apply(p, portable) == "v1");
        CHECK(h.apply(p, named) == "v1"); // pfun g/0 pinned the version it was made in
        CHECK(h.apply(p, h.call(p, "mk")) == "v3");
        CHECK(h.apply(p, h.call(p, "ref")) == "v3");
    }

    TEST_CASE("the interpreter's fun calls raise badfun for a purged version's plain funs") {
        Host h;
        vm::Process p(*h.rt);
        h.load(kCaller, "ap.erl");
        h.load(version("v1"));
        vm::Term plain = h.call(p, "mk");
        vm::Term plain1 = h.call(p, "mk1");
        vm::Term portable = h.call(p, "mkp");
        h.load(version("v2")); // old code: still callable from bytecode
        CHECK(h.applyVia(p, "tail", plain) == "v1");
        CHECK(h.applyVia(p, "body", plain) == "v1");
        CHECK(h.applyVia(p, "one", plain1) == "v1");
        h.load(version("v3")); // v1 purged
        CHECK(h.applyVia(p, "tail", plain) == "badfun");
        CHECK(h.applyVia(p, "body", plain) == "badfun");
        CHECK(h.applyVia(p, "one", plain1) == "badfun");
        CHECK(h.applyVia(p, "tail", portable) == "v1");
        CHECK(h.applyVia(p, "body", h.call(p, "mk")) == "v3");
        CHECK(h.applyVia(p, "one", h.call(p, "mk1")) == "v3");
    }

    TEST_CASE("pfun Name/Arity made by old code roots in that old version") {
        Host h;
        vm::Process p(*h.rt);
        h.load(version("v1"));
        const vm::ModuleCode* v1 = h.rt->findModule(h.rt->atom("rl"));
        const vm::FunctionCode* refV1 = nullptr;
        for (const auto& f : v1->functions)
            if (f->name == h.rt->atom("ref")) refV1 = f.get();
        REQUIRE(refV1);
        h.load(version("v2"));
        // v1's code still running (as a process in the middle of it would).
        vm::CallResult r = vm::callFunction(p, refV1, {});
        REQUIRE(r.ok);
        CHECK(h.apply(p, r.value) == "v1");
        CHECK(h.apply(p, h.call(p, "ref")) == "v2");
    }
}
