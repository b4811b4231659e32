// Code loaded by hash into a runtime's hash space: partially present closures (lazy
// shipping) fail with {code_unavailable, Hash} and complete when the missing code is
// loaded; module versions side by side with code by hash.
#include "code_support.h"

#include "pfun/vm/process.h"
#include "pfun/vm/signal.h"
#include "pfun/vm/signals.h"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>

using namespace pfun;
using namespace pfun::loader::testing;

namespace {

std::string hashBinary(const loader::CodeHash& h) {
    std::string s = "<<";
    for (size_t i = 0; i < h.size(); ++i)
        s += (i ? "," : "") + std::to_string(h[i]);
    return s + ">>";
}

const std::string kTop = R"(-module(top).
-export([top/1]).
top(X) -> mid(X) + 1.
mid(X) -> leaf(X) * 2.
leaf(X) -> X + 3.
)";

} // namespace

TEST_SUITE("hash_space") {
    TEST_CASE("a missing callee fails with code_unavailable, then the call completes once loaded") {
        Origin o({kTop});
        auto objs = o.closure("top:top/1");
        REQUIRE(objs.size() == 3); // leaf, mid, top: callees first
        CHECK(objs[0].hash == o.hashOf("top:leaf/1"));
        CHECK(objs[2].hash == o.hashOf("top:top/1"));
        const loader::CodeHash top = o.hashOf("top:top/1"), mid = o.hashOf("top:mid/1"),
                               leaf = o.hashOf("top:leaf/1");
        Host r;
        vm::HashSpace& space = r.rt->hashSpace();
        // Only the root (lazy shipping).
        std::vector<std::vector<uint8_t>> root = {objs[2].bytes};
        std::string error;
        REQUIRE_MESSAGE(loader::loadObjectBytes(*r.rt, root, &error), error);
        CHECK(space.missing(top) == std::vector<vm::ContentHash>{mid});
        CHECK(runByHash(r, top, {1}) == "error:{code_unavailable," + hashBinary(mid) + "}");
        // mid arrives; leaf is still missing.
        std::vector<std::vector<uint8_t>> second = {objs[1].bytes};
        REQUIRE_MESSAGE(loader::loadObjectBytes(*r.rt, second, &error), error);
        CHECK(space.missing(top) == std::vector<vm::ContentHash>{leaf});
        CHECK(runByHash(r, top, {1}) == "error:{code_unavailable," + hashBinary(leaf) + "}");
        // leaf arrives: the closure is complete and the pinned targets hold the code.
        std::vector<std::vector<uint8_t>> third = {objs[0].bytes};
        REQUIRE_MESSAGE(loader::loadObjectBytes(*r.rt, third, &error), error);
        CHECK(space.missing(top).empty());
        CHECK(runByHash(r, top, {1}) == "9");
        const vm::FunctionCode* topCode = space.find(top);
        REQUIRE(topCode);
        bool direct = false;
        for (const vm::CallTarget* t : topCode->targets)
            if (t->pinnedHash && *t->pinnedHash == mid) direct = t->codeNow() == space.find(mid);
        CHECK(direct);
        // Loading again changes nothing.
        REQUIRE(loader::loadObjectBytes(*r.rt, third, &error));
        CHECK(space.size() == 3);
    }

    TEST_CASE("a missing-code handler may load the code and let the call go on") {
        Origin o({kTop});
        auto objs = o.closure("top:top/1");
        Host r;
        std::vector<std::vector<uint8_t>> root = {objs[2].bytes};
        REQUIRE(loader::loadObjectBytes(*r.rt, root, nullptr));
        int asked = 0;
        // Stands in for a fetch from the origin node.
        using MissingCode = vm::Runtime::MissingCode;
        r.rt->setMissingCodeHandler([&](vm::Process& p, const vm::CallTarget& t) {
            ++asked;
            for (const auto& obj : objs)
                if (obj.hash == *t.pinnedHash) {
                    std::vector<std::vector<uint8_t>> one = {obj.bytes};
                    if (loader::loadObjectBytes(*r.rt, one, nullptr)) return MissingCode::Loaded;
                }
            p.error(r.rt->atom("not_found"));
            return MissingCode::Raised;
        });
        CHECK(runByHash(r, o.hashOf("top:top/1"), {2}) == "11");
        CHECK(asked == 2);
        CHECK(runByHash(r, o.hashOf("top:top/1"), {3}) == "13");
        CHECK(asked == 2); // no lookup once present
        // A handler that answers "loaded" without loading: code_unavailable.
        Origin o2({std::string(kMath)});
        auto fac = o2.closure("cpx_math:use_adder/2");
        Host r2;
        std::vector<std::vector<uint8_t>> some;
        for (const auto& x : fac)
            if (x.hash != o2.hashOf("cpx_math:adder/1")) some.push_back(x.bytes);
        std::string error;
        REQUIRE_MESSAGE(loader::loadObjectBytes(*r2.rt, some, &error), error);
        r2.rt->setMissingCodeHandler(
            [](vm::Process&, const vm::CallTarget&) { return MissingCode::Loaded; });
        CHECK(runByHash(r2, o2.hashOf("cpx_math:use_adder/2"), {1, 2}) ==
              "error:{code_unavailable," + hashBinary(o2.hashOf("cpx_math:adder/1")) + "}");
    }

    TEST_CASE("a process suspended on missing code resumes at the call once it is loaded") {
        Origin o({kTop});
        auto objs = o.closure("top:top/1");
        Host r;
        std::vector<std::vector<uint8_t>> root = {objs[2].bytes};
        REQUIRE(loader::loadObjectBytes(*r.rt, root, nullptr));
        using MissingCode = vm::Runtime::MissingCode;
        std::vector<std::thread> fetchers;
        std::atomic<int> suspended{0};
        // Stands in for the network: the process parks, another thread loads the
        // object and then wakes it with a signal (a message here).
        r.rt->setMissingCodeHandler([&](vm::Process& p, const vm::CallTarget& t) {
            ++suspended;
            const vm::ContentHash want = *t.pinnedHash;
            fetchers.emplace_back([&, want, proc = &p] {
                for (const auto& obj : objs)
                    if (obj.hash == want) {
                        std::vector<std::vector<uint8_t>> one = {obj.bytes};
                        REQUIRE(loader::loadObjectBytes(*r.rt, one, nullptr));
                    }
                proc->signals().push(vm::makeSignal(vm::SignalKind::Message, proc->self(),
                                                    r.rt->atom("code_arrived")));
                vm::wake(*r.rt, *proc, nullptr);
            });
            return MissingCode::Suspend;
        });
        const std::string result = runByHash(r, o.hashOf("top:top/1"), {4});
        for (std::thread& t : fetchers)
            t.join();
        CHECK(result == "15");
        CHECK(suspended == 2); // mid, then leaf
        CHECK(r.rt->hashSpace().missing(o.hashOf("top:top/1")).empty());
    }

    TEST_CASE("two versions of a module side by side: one as a module, one by hash") {
        const std::string v1 = R"(-module(cpx_math).
-export([fac/1]).
fac(0) -> 1;
fac(N) -> N * fac(N - 1).
)";
        const std::string v2 = R"(-module(cpx_math).
-export([fac/1]).
fac(_) -> version_two.
)";
        const std::string v3 = R"(-module(cpx_math).
-export([fac/1]).
fac(N) -> {version_three, N}.
)";
        const std::string user = R"(-module(user_of).
-export([go/1]).
go(N) -> cpx_math:fac(N).
)";
        Origin o({v1});
        Host r;
        REQUIRE(r.rt->loadModule(r.compile(v2, "cpx_math.erl")));
        REQUIRE(r.rt->loadModule(r.compile(user, "user_of.erl")));
        std::vector<std::vector<uint8_t>> objs = bytesOf(o.closure("cpx_math:fac/1"));
        std::string error;
        REQUIRE_MESSAGE(loader::loadObjectBytes(*r.rt, objs, &error), error);
        const loader::CodeHash fac1 = o.hashOf("cpx_math:fac/1");
        CHECK(runByHash(r, fac1, {5}) == "120");
        CHECK(r.rt->hashSpace().find(fac1)->hasContentHash);
        CHECK(r.rt->hashSpace().find(fac1)->contentHash == fac1);
        vm::Process p(*r.rt);
        vm::Term five = vm::Term::makeSmall(5);
        auto viaModule = [&] {
            vm::CallResult res =
                vm::callMfa(p, r.rt->atom("user_of"), r.rt->atom("go"), {&five, 1});
            return res.ok ? compiler::formatLiteral(res.value, r.rt->atoms()) : "failed";
        };
        CHECK(viaModule() == "version_two");
        // The hash-loaded version did not replace the module, nor the other way round.
        REQUIRE(r.rt->findModule(r.rt->atom("cpx_math")));
        CHECK(r.rt->findModule(r.rt->atom("cpx_math"))->functions[0]->hasContentHash == false);
        // A new version of the module: callers through export slots reach it; the code by
        // hash keeps running the version it names.
        REQUIRE(r.rt->loadModule(r.compile(v3, "cpx_math.erl")));
        CHECK(viaModule() == "{version_three,5}");
        CHECK(runByHash(r, fac1, {5}) == "120");
    }
}
