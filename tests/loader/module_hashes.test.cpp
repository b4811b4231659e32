// Content hashes of loaded code on demand (loader/module_hashes.h): what a portable
// fun's hash is, that it is stable, that it follows its callees, and that the cache
// notices reloads.
#include "pfun/loader/module_hashes.h"
#include "pfun/compiler/compile.h"
#include "pfun/loader/hash.h"
#include "pfun/loader/pfb.h"
#include "pfun/stdlib/stdlib.h"
#include "pfun/vm/runtime.h"

#include <doctest/doctest.h>

#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using namespace pfun;

namespace {

constexpr const char* kBsc = "-module(bsc).\n-export([mult/2]).\nmult(X, Y) -> X * Y.\n";
constexpr const char* kCpx = "-module(cpx).\n-export([fac/1, fib/1, both/1]).\n"
                             "fac(0) -> 1;\nfac(X) -> bsc:mult(X, fac(X - 1)).\n"
                             "fib(0) -> 0;\nfib(1) -> 1;\nfib(N) -> fib(N - 1) + fib(N - 2).\n"
                             "both(X) -> lists:map(fun(Y) -> fac(Y) + fib(Y) end, X).\n";

// A runtime whose module loader compiles from `sources` (so hashing must load the
// modules a function references), with the standard code hasher.
struct World {
    std::unique_ptr<vm::Runtime> rt = std::make_unique<vm::Runtime>();
    std::map<std::string, std::string> sources;
    std::vector<std::string> loaded; // by the loader, in order

    explicit World(std::map<std::string, std::string> s, int junkAtoms = 0)
        : sources(std::move(s)) {
        for (int i = 0; i < junkAtoms; ++i)
            rt->atom("junk" + std::to_string(i)); // other atom numbers
        stdlib::registerBifs(*rt);
        rt->setModuleLoader([this](vm::Runtime& r, vm::Term m) {
            const std::string name = r.atoms().name(m);
            if (!stdlib::embeddedModuleImage(name).empty())
                return stdlib::loadEmbeddedModule(r, name) != nullptr;
            auto it = sources.find(name);
            if (it == sources.end()) return false;
            loaded.push_back(name);
            return load(it->second) != nullptr;
        });
        stdlib::installCodeHasher(*rt);
    }

    const vm::ModuleCode* load(const std::string& source) {
        compiler::Diagnostics d("m.erl", source);
        auto code = compiler::compileSource(source, "m.erl", *rt, d);
        REQUIRE_MESSAGE(code, d.render());
        return rt->loadModule(std::move(code));
    }

    const vm::FunctionCode* fn(const std::string& module, const std::string& name, uint32_t arity) {
        rt->ensureLoaded(rt->atom(module));
        const vm::ModuleCode* m = rt->findModule(rt->atom(module));
        if (!m) return nullptr;
        for (const auto& f : m->functions)
            if (rt->atoms().name(f->name) == name && f->arity == arity) return f.get();
        return nullptr;
    }

    std::shared_ptr<const vm::CodeHashInfo> info(const std::string& module, const std::string& name,
                                                 uint32_t arity) {
        const vm::FunctionCode* f = fn(module, name, arity);
        REQUIRE(f);
        std::string error;
        auto i = rt->codeHash(*f, &error);
        REQUIRE_MESSAGE(i, error);
        return i;
    }

    std::string hex(const std::string& module, const std::string& name, uint32_t arity) {
        return loader::toHex(info(module, name, arity)->hash);
    }
};

} // namespace

TEST_SUITE("module_hashes") {
    TEST_CASE("a function's hash is hashModules' hash over its module and its callees") {
        World w({{"bsc", kBsc}, {"cpx", kCpx}});
        auto i = w.info("cpx", "fac", 1);
        // Hashing loaded bsc through the module loader.
        CHECK(w.loaded == std::vector<std::string>{"cpx", "bsc"});

        const vm::ModuleCode* mods[] = {w.rt->findModule(w.rt->atom("cpx")),
                                        w.rt->findModule(w.rt->atom("bsc"))};
        loader::HashSet direct;
        std::string error;
        REQUIRE(loader::hashModules(mods, w.rt->atoms(), stdlib::isAmbientModule, direct, &error));
        const vm::FunctionCode* fac = w.fn("cpx", "fac", 1);
        REQUIRE(direct.find(fac));
        CHECK(i->hash == direct.find(fac)->hash);
        CHECK(i->closure.front().function == fac);

        // Its closure: fac itself and bsc:mult, by hash.
        REQUIRE(i->closure.size() == 2);
        CHECK(i->closure[1].function == w.fn("bsc", "mult", 2));
        CHECK(i->closure[1].hash == direct.find(w.fn("bsc", "mult", 2))->hash);
        std::vector<std::string> calls;
        for (const vm::CodeHashRef& r : i->closure.front().calls)
            calls.push_back(r.module + ":" + r.name + "/" + std::to_string(r.arity) +
                            (r.kind == vm::CodeHashRef::Kind::Hash ? " hash" : " name"));
        CHECK(calls == std::vector<std::string>{"bsc:mult/2 hash", "cpx:fac/1 hash"});
    }

    TEST_CASE("hashes are the same in another runtime with other atom numbers") {
        World a({{"bsc", kBsc}, {"cpx", kCpx}});
        World b({{"bsc", kBsc}, {"cpx", kCpx}}, 500);
        CHECK(a.hex("cpx", "fac", 1) == b.hex("cpx", "fac", 1));
        CHECK(a.hex("cpx", "both", 1) == b.hex("cpx", "both", 1));
        CHECK(a.hex("cpx", "fac", 1) != a.hex("cpx", "fib", 1));
    }

    TEST_CASE("a changed callee changes the caller's hash and nothing else") {
        World a({{"bsc", kBsc}, {"cpx", kCpx}});
        World b(
            {{"bsc", "-module(bsc).\n-export([mult/2]).\nmult(X, Y) -> Y * X.\n"}, {"cpx", kCpx}});
        CHECK(a.hex("cpx", "fac", 1) != b.hex("cpx", "fac", 1));
        CHECK(a.hex("cpx", "fib", 1) == b.hex("cpx", "fib", 1));
        CHECK(a.hex("cpx", "both", 1) != b.hex("cpx", "both", 1)); // its lambda calls fac
    }

    TEST_CASE("reloading a callee is noticed by the cache") {
        World w({{"bsc", kBsc}, {"cpx", kCpx}});
        const std::string before = w.hex("cpx", "fac", 1);
        const std::string fib = w.hex("cpx", "fib", 1);
        CHECK(w.hex("cpx", "fac", 1) == before); // cached
        w.load("-module(bsc).\n-export([mult/2]).\nmult(X, Y) -> Y * X.\n");
        CHECK(w.hex("cpx", "fac", 1) != before);
        CHECK(w.hex("cpx", "fib", 1) == fib);
        w.load(kBsc);
        CHECK(w.hex("cpx", "fac", 1) == before);
    }

    TEST_CASE("a module that cannot be loaded is referenced by name") {
        World w(std::map<std::string, std::string>{{"cpx", kCpx}}); // no bsc
        auto i = w.info("cpx", "fac", 1);
        REQUIRE(i->closure.size() == 1);
        bool byName = false;
        for (const vm::CodeHashRef& r : i->closure.front().calls)
            if (r.module == "bsc") byName = r.kind == vm::CodeHashRef::Kind::ByName;
        CHECK(byName);
    }

    TEST_CASE("ambient modules are never loaded for hashing") {
        World w({{"cpx", kCpx}, {"bsc", kBsc}});
        auto i = w.info("cpx", "both", 1);
        bool ambient = false;
        for (const vm::CodeHashRef& r : i->closure.front().calls)
            if (r.module == "lists") ambient = r.kind == vm::CodeHashRef::Kind::Ambient;
        CHECK(ambient);
        CHECK(w.rt->findModule(w.rt->atom("lists")) == nullptr);
        // The lambda body is in the closure, and through it fac, fib and mult.
        CHECK(i->closure.size() == 5);
    }

    TEST_CASE("code loaded by hash keeps its stored hash") {
        World w({{"cpx", kCpx}, {"bsc", kBsc}});
        vm::FunctionCode f = *w.fn("cpx", "fib", 1);
        f.hasContentHash = true;
        f.contentHash.fill(0xab);
        auto i = w.rt->codeHash(f);
        REQUIRE(i);
        CHECK(loader::toHex(i->hash) == "abababababababababababababababab");
        CHECK(i->closure.front().function == &f);
    }

    TEST_CASE("concurrent requests agree") {
        World w({{"cpx", kCpx}, {"bsc", kBsc}});
        const vm::FunctionCode* fac = w.fn("cpx", "fac", 1);
        std::vector<std::thread> threads;
        std::vector<vm::ContentHash> results(4);
        for (size_t t = 0; t < results.size(); ++t)
            threads.emplace_back([&, t] {
                for (int k = 0; k < 50; ++k)
                    if (auto i = w.rt->codeHash(*fac)) results[t] = i->hash;
            });
        for (auto& t : threads)
            t.join();
        for (const auto& r : results)
            CHECK(r == w.info("cpx", "fac", 1)->hash);
    }

    TEST_CASE("a runtime without a hasher says so") {
        vm::Runtime rt;
        vm::FunctionCode f;
        std::string error;
        CHECK_FALSE(rt.codeHash(f, &error));
        CHECK(error.find("no code hasher") != std::string::npos);
    }

    TEST_CASE("portable lambdas keep their flag through .pfb and hash apart from plain ones") {
        World w(std::map<std::string, std::string>{});
        const vm::ModuleCode* m =
            w.load("-module(pl).\n-export([f/0]).\nf() -> {pfun(X) -> X end, fun(X) -> X end}.\n");
        REQUIRE(m);
        REQUIRE(m->lambdas.size() == 2);
        std::vector<uint8_t> bytes;
        std::string error;
        REQUIRE(loader::writeModule(*m, w.rt->atoms(), bytes, &error));
        auto back = loader::readModule(bytes, w.rt->atoms(), &error);
        REQUIRE_MESSAGE(back, error);
        CHECK(back->lambdas[0]->portable);
        CHECK_FALSE(back->lambdas[1]->portable);
        auto p = w.rt->codeHash(*m->lambdas[0]->code);
        auto q = w.rt->codeHash(*m->lambdas[1]->code);
        REQUIRE(p);
        REQUIRE(q);
        CHECK(p->hash != q->hash); // same body, but one is portable
    }

    TEST_CASE("ambient modules: every native BIF module and the embedded library") {
        vm::Runtime rt;
        stdlib::registerBifs(rt);
        rt.bifs().forEach([&](const vm::BifEntry& b) {
            CHECK_MESSAGE(stdlib::isAmbientModule(rt.atoms().name(b.module)),
                          rt.atoms().name(b.module));
        });
        CHECK(stdlib::isAmbientModule("lists"));
        CHECK(stdlib::isAmbientModule("proplists"));
        CHECK_FALSE(stdlib::isAmbientModule("cpx"));
        CHECK_FALSE(stdlib::isAmbientModule(""));
    }
}
