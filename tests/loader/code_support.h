// Helpers for the code object, code store and hash space tests: compile modules in an
// origin runtime, hash them, encode a closure; run code loaded by hash elsewhere.
#pragma once

#include "pfb_support.h"

#include "pfun/loader/code_object.h"
#include "pfun/loader/hash.h"
#include "pfun/vm/hash_space.h"

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

namespace pfun::loader::testing {

inline AmbientPredicate ambientModules() {
    return [](std::string_view m) {
        if (m == "erlang") return true;
        for (std::string_view e : stdlib::embeddedModuleNames())
            if (e == m) return true;
        return false;
    };
}

// Compiled and hashed modules of an origin node.
struct Origin {
    Host host;
    std::vector<std::unique_ptr<vm::ModuleCode>> code;
    HashSet set;

    explicit Origin(const std::vector<std::string>& sources) {
        for (const std::string& s : sources) {
            code.push_back(host.compile(s));
            REQUIRE_MESSAGE(code.back(), host.diagnostics);
        }
        std::vector<const vm::ModuleCode*> mods;
        for (const auto& c : code)
            mods.push_back(c.get());
        std::string error;
        REQUIRE_MESSAGE(hashModules(mods, host.rt->atoms(), ambientModules(), set, &error), error);
    }

    // "mod:name/arity" (a named function) or "mod:-name/arity-fun-N-/A" style lambda name.
    const vm::FunctionCode* function(std::string_view key) const {
        for (const FunctionHash& f : set.functions) {
            std::string k = host.rt->atoms().name(f.function->module) + ":" +
                            host.rt->atoms().name(f.function->name) + "/" +
                            std::to_string(f.function->arity);
            if (k == key) return f.function;
        }
        return nullptr;
    }
    CodeHash hashOf(std::string_view key) const {
        const vm::FunctionCode* f = function(key);
        REQUIRE_MESSAGE(f, std::string(key));
        return set.find(f)->hash;
    }
    std::vector<EncodedObject> closure(std::string_view key) const {
        std::string error;
        auto objs = encodeClosure(set, host.rt->atoms(), function(key), &error);
        REQUIRE_MESSAGE(!objs.empty(), error);
        return objs;
    }
    EncodedObject object(std::string_view key) const {
        EncodedObject o;
        std::string error;
        REQUIRE_MESSAGE(encodeObject(set, host.rt->atoms(), function(key), o, &error), error);
        return o;
    }
};

inline std::vector<std::vector<uint8_t>> bytesOf(const std::vector<EncodedObject>& objs) {
    std::vector<std::vector<uint8_t>> out;
    for (const EncodedObject& o : objs)
        out.push_back(o.bytes);
    return out;
}

// Calls the code loaded under `hash` in h's runtime with integer arguments; returns
// the value printed as Erlang would, or "class:reason".
inline std::string runByHash(Host& h, const CodeHash& hash, std::vector<int64_t> args) {
    const vm::FunctionCode* f = h.rt->hashSpace().find(hash);
    if (!f) return "<not loaded>";
    vm::Process p(*h.rt);
    std::vector<vm::Term> terms;
    for (int64_t a : args)
        terms.push_back(vm::Term::makeSmall(a));
    vm::CallResult r = vm::callFunction(p, f, terms);
    if (r.ok) return compiler::formatLiteral(r.value, h.rt->atoms());
    const char* cls = r.cls == vm::ExceptionClass::Error   ? "error"
                      : r.cls == vm::ExceptionClass::Throw ? "throw"
                                                           : "exit";
    return std::string(cls) + ":" + compiler::formatLiteral(r.reason, h.rt->atoms());
}

inline constexpr std::string_view kMath = R"(-module(cpx_math).
-export([fac/1, fib/1, even/1, sum_sq/1, adder/1, use_adder/2, apply_twice/2]).

fac(0) -> 1;
fac(N) when N > 0 -> N * fac(N - 1).

fib(0) -> 0;
fib(1) -> 1;
fib(N) -> fib(N - 1) + fib(N - 2).

even(0) -> true;
even(N) -> odd(N - 1).
odd(0) -> false;
odd(N) -> even(N - 1).

sum_sq(N) -> lists:sum([X * X || X <- lists:seq(1, N)]).

adder(N) -> fun(X) -> X + N + fac(3) end.
use_adder(A, B) -> F = adder(A), F(B).

apply_twice(F, X) -> F(F(X)).
)";

} // namespace pfun::loader::testing
