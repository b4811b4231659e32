// Code objects: encoding a closure, decoding with re-hashing and verification, and
// loading by hash into another runtime, where the code runs outside the module table.
#include "code_support.h"
#include "isa_field.h"

#include "pfun/vm/isa.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>

using namespace pfun;
using namespace pfun::loader::testing;

namespace {

// Position of `needle` in `hay`, or npos.
size_t find(const std::vector<uint8_t>& hay, const loader::CodeHash& needle) {
    auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end());
    return it == hay.end() ? std::string::npos : size_t(it - hay.begin());
}

std::string loadAll(Host& h, const std::vector<loader::EncodedObject>& objs) {
    std::string error;
    auto bytes = bytesOf(objs);
    if (!loader::loadObjectBytes(*h.rt, bytes, &error)) return error;
    return "";
}

} // namespace

TEST_SUITE("code_object") {
    TEST_CASE("a closure round-trips: same hashes decoded, and it runs in another runtime") {
        Origin o({std::string(kMath)});
        auto objs = o.closure("cpx_math:fac/1");
        REQUIRE(objs.size() == 1); // fac is self-recursive and calls only BIFs
        CHECK(objs[0].hash == o.hashOf("cpx_math:fac/1"));
        Host r;
        r.rt->atom("shift_a"), r.rt->atom("shift_b"); // other atom numbers
        std::string error;
        auto dec = loader::decodeObject(objs[0].bytes, r.rt->atoms(), &error);
        REQUIRE_MESSAGE(dec, error);
        REQUIRE(dec->members.size() == 1);
        CHECK(dec->members[0].hash == objs[0].hash);
        CHECK(r.rt->atoms().name(dec->members[0].function().name) == "fac");
        CHECK(dec->members[0].module->source.find("fac(0) -> 1;") == 0);
        CHECK(loadAll(r, objs) == "");
        CHECK(runByHash(r, objs[0].hash, {10}) == "3628800");
        CHECK(runByHash(r, objs[0].hash, {-1}) == "error:function_clause");
        // Nothing entered the module table.
        CHECK(r.rt->findModule(r.rt->atom("cpx_math")) == nullptr);
    }

    TEST_CASE("encoding is deterministic across runtimes with other atom numbers") {
        Origin a({std::string(kMath)});
        Origin b({std::string(kMath)});
        for (int i = 0; i < 50; ++i)
            b.host.rt->atom("pad_" + std::to_string(i));
        Origin c({std::string(kMath)});
        for (std::string key : {"cpx_math:fac/1", "cpx_math:use_adder/2", "cpx_math:even/1"}) {
            auto x = a.closure(key), y = c.closure(key);
            REQUIRE(x.size() == y.size());
            for (size_t i = 0; i < x.size(); ++i)
                CHECK(x[i].bytes == y[i].bytes);
        }
    }

    TEST_CASE("mutual recursion: one object holds the group, addressed by each member") {
        Origin o({std::string(kMath)});
        auto objs = o.closure("cpx_math:even/1");
        REQUIRE(objs.size() == 1);
        REQUIRE(objs[0].members.size() == 2);
        const loader::CodeHash even = o.hashOf("cpx_math:even/1"), odd = o.hashOf("cpx_math:odd/1");
        CHECK(std::count(objs[0].members.begin(), objs[0].members.end(), even) == 1);
        CHECK(std::count(objs[0].members.begin(), objs[0].members.end(), odd) == 1);
        Host r;
        std::string error;
        CHECK(loader::decodeObject(objs[0].bytes, r.rt->atoms(), &error, &odd));
        const loader::CodeHash other = o.hashOf("cpx_math:fac/1");
        CHECK_FALSE(loader::decodeObject(objs[0].bytes, r.rt->atoms(), &error, &other));
        CHECK(error.find("does not hold") != std::string::npos);
        CHECK(loadAll(r, objs) == "");
        CHECK(runByHash(r, even, {10}) == "true");
        CHECK(runByHash(r, odd, {10}) == "false");
    }

    TEST_CASE("mutual recursion across two modules, and a by-name call") {
        const std::string p = R"(-module(p).
-export([ping/1]).
ping(0) -> q:done(); ping(N) -> q:pong(N - 1).
)";
        const std::string q = R"(-module(q).
-export([pong/1, done/0]).
pong(0) -> {pong_last, lists:reverse([1,2])}; pong(N) -> p:ping(N - 1).
done() -> ping_last.
)";
        Origin o({p, q});
        auto objs = o.closure("p:ping/1");
        REQUIRE(objs.size() == 2);              // {ping, pong} and done
        CHECK(objs.back().members.size() == 2); // callers last
        Host r;
        CHECK(loadAll(r, objs) == "");
        CHECK(runByHash(r, o.hashOf("p:ping/1"), {4}) == "ping_last");
        CHECK(runByHash(r, o.hashOf("p:ping/1"), {3}) == "{pong_last,[2,1]}");
        CHECK(runByHash(r, o.hashOf("q:pong/1"), {4}) == "{pong_last,[2,1]}");

        // p hashed alone: its call to q is by name, through the receiver's export slot.
        Origin alone({p});
        auto pObjs = alone.closure("p:ping/1");
        REQUIRE(pObjs.size() == 1);
        Host r2;
        CHECK(loadAll(r2, pObjs) == "");
        CHECK(runByHash(r2, alone.hashOf("p:ping/1"), {1}).find("error:undef") == 0);
        REQUIRE(r2.rt->loadModule(r2.compile(q, "q.erl")));
        CHECK(runByHash(r2, alone.hashOf("p:ping/1"), {0}) == "ping_last");
    }

    TEST_CASE("lambdas: bodies are objects of their own and funs made by hash-loaded code run") {
        Origin o({std::string(kMath)});
        auto objs = o.closure("cpx_math:use_adder/2");
        // use_adder, adder, the lambda body, fac.
        CHECK(objs.size() == 4);
        Host r;
        CHECK(loadAll(r, objs) == "");
        CHECK(runByHash(r, o.hashOf("cpx_math:use_adder/2"), {2, 3}) == "11");
        // The list comprehension's helper and the ambient calls.
        auto sq = o.closure("cpx_math:sum_sq/1");
        CHECK(loadAll(r, sq) == "");
        CHECK(runByHash(r, o.hashOf("cpx_math:sum_sq/1"), {3}) == "14");
        // A lambda body's own entry, for making a fun of it (a pfun's root).
        bool found = false;
        for (const auto& obj : objs)
            if (const vm::FunEntry* e = r.rt->hashSpace().lambdaEntry(obj.hash)) {
                found = true;
                CHECK(e->arity == 1);
                CHECK(e->numFree == 1);
            }
        CHECK(found);
    }

    TEST_CASE("a closure's objects are the bytes each function encodes to on its own") {
        // encodeClosure writes every object with one builder, reused: nothing of one
        // object may leak into the next.
        Origin o({std::string(kMath)});
        auto objs = o.closure("cpx_math:use_adder/2");
        REQUIRE(objs.size() == 4);
        for (const auto& obj : objs) {
            const vm::FunctionCode* first = nullptr;
            for (const auto& f : o.set.functions)
                if (f.hash == obj.hash) first = f.function;
            REQUIRE(first);
            loader::EncodedObject alone;
            std::string error;
            REQUIRE_MESSAGE(loader::encodeObject(o.set, o.host.rt->atoms(), first, alone, &error),
                            error);
            CHECK(alone.bytes == obj.bytes);
            CHECK(alone.members == obj.members);
        }
    }

    TEST_CASE("members with many literals load and run (their literal heap grows)") {
        // A decoded member's literal heap starts small, sized from its literals'
        // encoding; literals that decode to far more words than their bytes must
        // still all be there.
        std::string src =
            "-module(lits).\n-export([f/0, g/1, h/0]).\n"
            "f() -> {\"" +
            std::string(3000, 'x') + "\", " +
            "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20], <<\"bin\">>}.\n"
            "g(X) -> case X of 1 -> \"one\"; 2 -> [two, 2.5]; _ -> {other, \"abc\"} end.\n"
            "h() -> maps:get(b, #{a => [1,2], b => {c, \"d\", 123456789012345678901234567890}}).\n";
        Origin o({src});
        Host r;
        for (std::string key : {"lits:f/0", "lits:g/1", "lits:h/0"})
            CHECK(loadAll(r, o.closure(key)) == "");
        std::string f = runByHash(r, o.hashOf("lits:f/0"), {});
        CHECK(f == "{\"" + std::string(3000, 'x') +
                       "\",[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20],<<98,105,110>>}");
        CHECK(runByHash(r, o.hashOf("lits:g/1"), {2}) == "[two,2.5]");
        CHECK(runByHash(r, o.hashOf("lits:g/1"), {7}) == "{other,\"abc\"}");
        CHECK(runByHash(r, o.hashOf("lits:h/0"), {}) == "{c,\"d\",123456789012345678901234567890}");
    }

    TEST_CASE("a portable lambda stays portable, and differs from the same plain lambda") {
        const std::string src = R"(-module(pf).
-export([mk/1, use/2, plain/1]).
mk(N) -> pfun(X) -> X * N end.
plain(N) -> fun(X) -> X * N end.
use(N, Y) -> F = mk(N), {erlang:is_function_portable(F), F(Y)}.
)";
        Origin o({src});
        auto objs = o.closure("pf:use/2");
        Host r;
        CHECK(loadAll(r, objs) == "");
        CHECK(runByHash(r, o.hashOf("pf:use/2"), {3, 4}) == "{true,12}");
        size_t portableBodies = 0;
        for (const auto& obj : objs)
            if (const vm::FunEntry* e = r.rt->hashSpace().lambdaEntry(obj.hash))
                portableBodies += e->portable ? 1 : 0;
        CHECK(portableBodies == 1);
        CHECK(o.hashOf("pf:mk/1") != o.hashOf("pf:plain/1"));
    }

    TEST_CASE("an object records the oldest ISA version its members need, and is held to it") {
        Origin o({"-module(lb).\n-export([dbl/1, inc/1]).\n"
                  "dbl([H | T]) -> [H * 2 | dbl(T)];\ndbl([]) -> [].\n"
                  "inc(N) -> N + 1.\n"});
        auto plain = o.closure("lb:inc/1");
        auto built = o.closure("lb:dbl/1");
        REQUIRE(plain.size() == 1);
        REQUIRE(built.size() == 1);
        CHECK(isaVersionOf(plain[0].bytes) == 1);
        CHECK(isaVersionOf(built[0].bytes) == 2);
        Host r;
        std::string error;
        CHECK_MESSAGE(loader::decodeObject(built[0].bytes, r.rt->atoms(), &error), error);
        std::vector<uint8_t> under = built[0].bytes;
        setIsaVersion(under, 1);
        CHECK_FALSE(loader::decodeObject(under, r.rt->atoms(), &error));
        CHECK(error.find("uses instructions newer than the object's instruction set version") !=
              std::string::npos);
        std::vector<uint8_t> newer = plain[0].bytes;
        setIsaVersion(newer, vm::kIsaVersion + 1);
        CHECK_FALSE(loader::decodeObject(newer, r.rt->atoms(), &error));
        CHECK(error.find("compiled for instruction set version") != std::string::npos);
    }

    TEST_CASE("a stored hash that does not match the code is refused") {
        Origin o({std::string(kMath)});
        loader::EncodedObject obj = o.object("cpx_math:fac/1");
        Host r;
        std::string error;
        // The member's own hash.
        std::vector<uint8_t> bad = obj.bytes;
        size_t at = find(bad, obj.hash);
        REQUIRE(at != std::string::npos);
        bad[at + 3] ^= 0x40;
        CHECK_FALSE(loader::decodeObject(bad, r.rt->atoms(), &error));
        CHECK(error.find("does not match the code's hash") != std::string::npos);
        // A pinned callee's hash: the caller's recomputed hash changes with it.
        loader::EncodedObject user = o.object("cpx_math:use_adder/2");
        const loader::CodeHash callee = o.hashOf("cpx_math:adder/1");
        bad = user.bytes;
        at = find(bad, callee);
        REQUIRE(at != std::string::npos);
        bad[at] ^= 1;
        error.clear();
        CHECK_FALSE(loader::decodeObject(bad, r.rt->atoms(), &error));
        CHECK(error.find("does not match") != std::string::npos);
        // The object itself decodes.
        bad = obj.bytes;
        error.clear();
        CHECK(loader::decodeObject(bad, r.rt->atoms(), &error));
        // Not code objects at all.
        CHECK_FALSE(loader::decodeObject(std::vector<uint8_t>{}, r.rt->atoms(), &error));
        CHECK(error.find("bad magic") != std::string::npos);
        std::vector<uint8_t> pfb = toBytes(*o.code[0], o.host.rt->atoms());
        CHECK_FALSE(loader::decodeObject(pfb, r.rt->atoms(), &error));
        bad = obj.bytes;
        bad.pop_back();
        CHECK_FALSE(loader::decodeObject(bad, r.rt->atoms(), &error));
        CHECK(error.find("truncated code object") != std::string::npos);
        bad = obj.bytes;
        bad.push_back(0);
        CHECK_FALSE(loader::decodeObject(bad, r.rt->atoms(), &error));
        CHECK(error.find("unexpected bytes after the object") != std::string::npos);
    }

    TEST_CASE("every byte flipped, truncated or extended: refused with a reason or same code") {
        Origin o({std::string(kMath)});
        std::vector<loader::EncodedObject> samples = {
            o.object("cpx_math:fac/1"), o.object("cpx_math:even/1"), o.object("cpx_math:adder/1")};
        // The adder lambda's body, which captures a value.
        for (const auto& obj : o.closure("cpx_math:adder/1"))
            if (obj.hash != samples[2].hash && obj.hash != o.hashOf("cpx_math:fac/1"))
                samples.push_back(obj);
        REQUIRE(samples.size() == 4);
        // A receiver with the whole closure, so that variants that decode also run.
        Host r;
        std::vector<loader::EncodedObject> all = o.closure("cpx_math:use_adder/2");
        for (auto& x : o.closure("cpx_math:even/1"))
            all.push_back(x);
        REQUIRE(loadAll(r, all) == "");
        size_t refused = 0, accepted = 0, ran = 0;
        // Objects that need nothing else run on their own in a fresh runtime.
        const std::map<loader::CodeHash, std::string> expected = {
            {o.hashOf("cpx_math:fac/1"), "120"}, {o.hashOf("cpx_math:even/1"), "false"}};
        for (const loader::EncodedObject& obj : samples) {
            auto check = [&](const std::vector<uint8_t>& bytes) {
                std::string error;
                auto dec = loader::decodeObject(bytes, r.rt->atoms(), &error);
                if (!dec) {
                    CHECK(!error.empty());
                    ++refused;
                    return;
                }
                ++accepted;
                // Only debug info can have changed: the hashes are the original ones.
                REQUIRE(dec->members.size() == obj.members.size());
                for (size_t i = 0; i < obj.members.size(); ++i)
                    CHECK(dec->members[i].hash == obj.members[i]);
                auto want = expected.find(obj.hash);
                if (want == expected.end() || accepted % 4 != 0) return;
                Host fresh;
                std::vector<std::unique_ptr<loader::DecodedObject>> batch;
                batch.push_back(loader::decodeObject(bytes, fresh.rt->atoms(), &error));
                REQUIRE(batch.back());
                REQUIRE(loader::loadObjects(*fresh.rt, std::move(batch), &error));
                CHECK(runByHash(fresh, obj.hash, {5}) == want->second);
                ++ran;
            };
            for (size_t i = 0; i < obj.bytes.size(); ++i) {
                std::vector<uint8_t> v = obj.bytes;
                v[i] ^= 0xff;
                check(v);
                v[i] = obj.bytes[i] ^ uint8_t(1u << (i % 8));
                check(v);
            }
            for (size_t n = 0; n < obj.bytes.size(); ++n)
                check(std::vector<uint8_t>(obj.bytes.begin(), obj.bytes.begin() + long(n)));
            for (uint8_t extra : {uint8_t(0), uint8_t(0xff)}) {
                std::vector<uint8_t> v = obj.bytes;
                v.push_back(extra);
                check(v);
            }
        }
        CHECK(refused > 0);
        CHECK(accepted > 0);
        CHECK(ran > 0);
        MESSAGE("refused ", refused, ", accepted (debug info only) ", accepted, ", ran ", ran);
        // The loaded code still runs.
        CHECK(runByHash(r, o.hashOf("cpx_math:use_adder/2"), {2, 3}) == "11");
    }

    TEST_CASE("loading is transactional: a missing lambda body publishes nothing") {
        Origin o({std::string(kMath)});
        auto objs = o.closure("cpx_math:use_adder/2");
        std::vector<loader::EncodedObject> partial;
        for (const auto& x : objs)
            if (!(x.hash == o.hashOf("cpx_math:fac/1"))) partial.push_back(x);
        // Keep adder but drop its lambda body.
        std::vector<loader::EncodedObject> noBody;
        for (const auto& x : partial)
            if (x.hash == o.hashOf("cpx_math:adder/1") ||
                x.hash == o.hashOf("cpx_math:use_adder/2"))
                noBody.push_back(x);
        REQUIRE(noBody.size() == 2);
        Host r;
        const size_t before = r.rt->hashSpace().size();
        std::string error = loadAll(r, noBody);
        CHECK(error.find("lambda body") != std::string::npos);
        CHECK(r.rt->hashSpace().size() == before);
        CHECK(r.rt->hashSpace().find(o.hashOf("cpx_math:use_adder/2")) == nullptr);
    }
}
