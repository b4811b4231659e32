// Content hashes of code objects: stability (a golden value), sensitivity to behaviour
// and to nothing else, sharing between modules, groups of mutually recursive
// functions, lambdas.
#include "code_hashes.h"
#include "pfb_support.h"

#include "pfun/vm/isa.h"

#include "pfun/loader/hash.h"

#include <doctest/doctest.h>
#include <xxhash.h>

#include <algorithm>
#include <map>
#include <set>

using namespace pfun;
using namespace pfun::loader::testing;

namespace {

loader::AmbientPredicate ambient() {
    return [](std::string_view m) {
        if (m == "erlang") return true;
        for (std::string_view e : stdlib::embeddedModuleNames())
            if (e == m) return true;
        return false;
    };
}

// "mod:name/arity" -> hex hash, for every function and lambda body of the sources,
// compiled in one runtime (after `shift` extra atoms, to vary atom numbers).
struct Hashed {
    std::map<std::string, std::string> hex;
    // Without the pointers (the compiled code is gone when hashSources returns).
    std::map<std::string, loader::FunctionHash> info;
    std::set<std::string> lambdaBodies;
};

Hashed hashSources(const std::vector<std::string>& sources, int shift = 0) {
    Host h;
    for (int i = 0; i < shift; ++i)
        h.rt->atom("shift_" + std::to_string(i));
    std::vector<std::unique_ptr<vm::ModuleCode>> code;
    for (const std::string& s : sources) {
        code.push_back(h.compile(s));
        REQUIRE_MESSAGE(code.back(), h.diagnostics);
    }
    std::vector<const vm::ModuleCode*> mods;
    for (const auto& c : code)
        mods.push_back(c.get());
    loader::HashSet set;
    std::string error;
    REQUIRE_MESSAGE(loader::hashModules(mods, h.rt->atoms(), ambient(), set, &error), error);
    Hashed out;
    for (const loader::FunctionHash& f : set.functions) {
        std::string key = h.rt->atoms().name(f.function->module) + ":" +
                          h.rt->atoms().name(f.function->name) + "/" +
                          std::to_string(f.function->arity);
        out.hex[key] = loader::toHex(f.hash);
        if (f.function->lambdaIndex >= 0) out.lambdaBodies.insert(key);
        loader::FunctionHash copy = f;
        copy.module = nullptr;
        copy.function = nullptr;
        for (loader::CodeRef& r : copy.calls)
            r.callee = nullptr;
        for (loader::CodeRef& r : copy.lambdas)
            r.callee = nullptr;
        out.info[key] = std::move(copy);
    }
    return out;
}

// Keys whose hash differs between a and b. module_info/0,1 are left out: they return
// the module's vsn (a digest of its source text) and file name, so any edit of the
// source changes what they do, and their hash (as Erlang's vsn changes).
std::set<std::string> changed(const Hashed& a, const Hashed& b) {
    std::set<std::string> out;
    for (const auto& [k, v] : a.hex) {
        if (k.find(":module_info/") != std::string::npos) continue;
        auto it = b.hex.find(k);
        if (it == b.hex.end() || it->second != v) out.insert(k);
    }
    for (const auto& [k, v] : b.hex)
        if (!a.hex.count(k)) out.insert(k);
    return out;
}

const std::string kChain = R"(-module(chain).
-export([top/1, side/1]).

% top calls mid calls leaf; side calls leaf only
top(X) -> mid(X) + 1.
mid(X) -> leaf(X) * 2.
leaf(X) -> lists:reverse([X, {a, 2.5}, #{k => <<"v">>}]), X + 3.
side(Y) -> leaf(Y) - 1.
)";

// A module made by hand (no compiler involved), so that its hashes pin the encoding
// itself: f/1 tail-calls g/1; g/1 returns a literal and calls a BIF; h/0 makes a fun.
struct HandModule {
    vm::Runtime rt;
    vm::ModuleCode mod;

    explicit HandModule(int shift) {
        for (int i = 0; i < shift; ++i)
            rt.atom("shift_" + std::to_string(i));
        using vm::encode;
        using vm::Opcode;
        mod.name = rt.atom("hand");
        auto fn = [&](const char* name, uint32_t arity, uint32_t frame) {
            auto f = std::make_unique<vm::FunctionCode>();
            f->module = mod.name;
            f->name = rt.atom(name);
            f->arity = arity;
            f->frameSize = frame;
            vm::FunctionCode* raw = f.get();
            mod.functions.push_back(std::move(f));
            return raw;
        };
        vm::FunctionCode* f = fn("f", 1, 2);
        vm::FunctionCode* g = fn("g", 1, 3);
        vm::FunctionCode* h = fn("h", 0, 1);
        vm::FunctionCode* body = fn("-h/0-fun-0-", 0, 1);
        auto target = std::make_unique<vm::CallTarget>();
        target->module = mod.name;
        target->name = rt.atom("g");
        target->arity = 1;
        f->targets = {target.get()};
        mod.localTargets.push_back(std::move(target));
        f->code = {encode(Opcode::TAILCALL, 0, 1), 0};
        g->literals = {rt.atom("ok"), vm::Term::makeSmall(42)};
        g->bifNames = {{rt.atom("erlang"), rt.atom("abs"), 1}};
        g->code = {encode(Opcode::BIF, 1, 0, 1), 0, 0,
                   encode(Opcode::LOADK, 2),     0, encode(Opcode::RETURN, 2)};
        g->lines = {{0, 7}};
        h->code = {encode(Opcode::MAKE_FUN, 0, 0), 0, encode(Opcode::RETURN, 0)};
        body->lambdaIndex = 0;
        body->literals = {vm::Term::makeSmall(7)};
        body->code = {encode(Opcode::LOADK, 0), 0, encode(Opcode::RETURN, 0)};
        auto entry = std::make_unique<vm::FunEntry>();
        entry->code = body;
        entry->module = mod.name;
        entry->name = "-h/0-fun-0-";
        mod.lambdas.push_back(std::move(entry));
        mod.exports = {0, 2};
    }

    std::vector<std::string> hashes() {
        const vm::ModuleCode* mods[] = {&mod};
        loader::HashSet set;
        std::string error;
        REQUIRE_MESSAGE(loader::hashModules(mods, rt.atoms(), {}, set, &error), error);
        std::vector<std::string> out;
        for (const auto& f : mod.functions)
            out.push_back(loader::toHex(set.find(f.get())->hash));
        return out;
    }
};

} // namespace

namespace doctest {
template <>
struct StringMaker<std::set<std::string>> {
    static String convert(const std::set<std::string>& s) {
        std::string out = "{";
        for (const std::string& e : s)
            out += " " + e;
        return String((out + " }").c_str());
    }
};
} // namespace doctest

TEST_SUITE("hash") {
    TEST_CASE("golden hashes: fixed across runs, builds, machines and atom numbering") {
        Hashed a = hashSources({kChain});
        Hashed b = hashSources({kChain}, 500);
        CHECK(a.hex == b.hex);
        // Checked-in values: a change here means every stored hash changes, which
        // needs a new encoding tag (docs/internals/hashing.md). The values also
        // follow the compiler's output: mid/1 compiles `* 2` to MULI, so it and its
        // caller top/1 changed with that instruction.
        CHECK(a.hex["chain:leaf/1"] == "aa96aa3b680ffbf7158e7ebf7228ffb7");
        CHECK(a.hex["chain:top/1"] == "8fc87f398eb9158623e24e4de6549cad");
        CHECK(a.hex["chain:mid/1"] == "4270cb421d9a9ade61939cbf2fe2f929");
        CHECK(a.hex["chain:side/1"] == "8590780b7f058658d8c7073a239995b6");
        // lists:reverse/1 is ambient: named, never hashed.
        const loader::FunctionHash& leaf = a.info["chain:leaf/1"];
        REQUIRE(leaf.calls.size() >= 1);
        bool reverseByName = false;
        for (const loader::CodeRef& r : leaf.calls)
            if (r.module == "lists" && r.name == "reverse")
                reverseByName = r.kind == loader::CodeRef::Kind::Ambient;
        CHECK(reverseByName);
    }

    TEST_CASE("golden hashes of a hand-made module: the encoding itself is pinned") {
        // No compiler involved: these change only if the encoding, the ISA's opcode
        // numbers or XXH3 change — each of which must come with a new encoding tag.
        std::vector<std::string> a = HandModule(0).hashes();
        CHECK(a == HandModule(250).hashes());
        REQUIRE(a.size() == 4);
        CHECK(a[0] == "fd0b70f6eb0258f97e6cfe319e0ceac8");
        CHECK(a[1] == "f24952aee512462c0f72ffdbf7522ae4");
        CHECK(a[2] == "f64b6dcc78d74d8f36825a10a70ffd74");
        CHECK(a[3] == "388185dedf01dc106f688f916ae8d4e6");
    }

    TEST_CASE("the lambda body's hash, rebuilt from the documented byte layout") {
        // docs/internals/hashing.md, byte by byte, for -h/0-fun-0-: a leaf, so a
        // group of one.
        std::vector<uint8_t> fn;
        auto u32 = [](std::vector<uint8_t>& out, uint32_t v) {
            for (int i = 0; i < 4; ++i)
                out.push_back(uint8_t(v >> (8 * i)));
        };
        auto xxh = [](const std::vector<uint8_t>& bytes) {
            XXH128_canonical_t c;
            XXH128_canonicalFromHash(&c, XXH3_128bits(bytes.data(), bytes.size()));
            return std::vector<uint8_t>(std::begin(c.digest), std::end(c.digest));
        };
        fn = {'P', 'F', 'N', 1};
        u32(fn, 1); // the ISA version the code needs (isaVersionNeeded), not the newest
        u32(fn, 0); // arity
        u32(fn, 1); // frame size
        fn.push_back(1);
        u32(fn, 0); // lambda arity
        u32(fn, 0); // captured values
        u32(fn, 3); // code words
        u32(fn, vm::encode(vm::Opcode::LOADK, 0));
        u32(fn, 0);
        u32(fn, vm::encode(vm::Opcode::RETURN, 0));
        u32(fn, 1); // literals
        u32(fn, 8); // blob: 'X', u32 3, term_to_binary(7) = 131 97 7
        fn.push_back('X');
        u32(fn, 3);
        fn.insert(fn.end(), {131, 97, 7});
        u32(fn, 0); // call targets
        u32(fn, 0); // BIFs
        u32(fn, 0); // jump tables
        u32(fn, 0); // lambdas made
        std::vector<uint8_t> group{'P', 'F', 'G', 1};
        u32(group, 1);
        u32(group, uint32_t(fn.size()));
        group.insert(group.end(), fn.begin(), fn.end());
        std::vector<uint8_t> member{'P', 'F', 'M', 1};
        std::vector<uint8_t> g = xxh(group);
        member.insert(member.end(), g.begin(), g.end());
        u32(member, 0);
        std::vector<uint8_t> expected = xxh(member);
        loader::CodeHash h;
        std::copy(expected.begin(), expected.end(), h.begin());
        CHECK(HandModule(0).hashes()[3] == loader::toHex(h));
    }

    TEST_CASE("changing a function changes it and its transitive callers, nothing else") {
        Hashed a = hashSources({kChain});
        std::string edited = kChain;
        edited.replace(edited.find("X + 3"), 5, "X + 4");
        Hashed b = hashSources({edited});
        CHECK(changed(a, b) ==
              std::set<std::string>{"chain:leaf/1", "chain:mid/1", "chain:top/1", "chain:side/1"});
        std::string editedMid = kChain;
        editedMid.replace(editedMid.find("* 2"), 3, "* 5");
        Hashed c = hashSources({editedMid});
        CHECK(changed(a, c) == std::set<std::string>{"chain:mid/1", "chain:top/1"});
        // A literal deep inside a term counts.
        std::string editedLit = kChain;
        editedLit.replace(editedLit.find("2.5"), 3, "2.6");
        CHECK(changed(a, hashSources({editedLit})).count("chain:leaf/1"));
    }

    TEST_CASE("local variable names, comments, whitespace and line numbers change no hash") {
        Hashed a = hashSources({kChain});
        std::string renamed = R"(-module(chain).
-export([top/1, side/1]).


% a different comment, and everything moved down by two lines
top(Input)   -> mid(Input) + 1.
mid(Value) ->
    leaf(Value) * 2.
leaf(Z) -> lists:reverse([Z, {a, 2.5}, #{k => <<"v">>}]),   Z + 3.  % trailing
side(Other) -> leaf(Other) - 1.
)";
        CHECK(changed(a, hashSources({renamed})).empty());
    }

    TEST_CASE("identical functions in two modules share hashes and names are not hashed") {
        std::string other = kChain;
        other.replace(other.find("-module(chain)"), 14, "-module(other)");
        Hashed both = hashSources({kChain, other});
        for (const char* f : {"top/1", "mid/1", "leaf/1", "side/1"})
            CHECK(both.hex[std::string("chain:") + f] == both.hex[std::string("other:") + f]);
        // module_info returns the module's name: its behaviour differs, so its hash.
        CHECK(both.hex["chain:module_info/0"] != both.hex["other:module_info/0"]);
        // Same code under another function name: same code object.
        std::string renamedFn = kChain;
        renamedFn.replace(renamedFn.find("side(Y)"), 7, "aside(Y)");
        renamedFn.replace(renamedFn.find("side/1"), 6, "aside/1");
        Hashed c = hashSources({renamedFn});
        CHECK(c.hex["chain:aside/1"] == both.hex["chain:side/1"]);
    }

    TEST_CASE("mutual recursion: 2- and 3-cycles get stable, distinct member hashes") {
        const std::string two = R"(-module(two).
-export([even/1]).
even(0) -> true; even(N) -> odd(N - 1).
odd(0) -> false; odd(N) -> even(N - 1).
)";
        // The same functions in another order and under other names.
        const std::string twoSwapped = R"(-module(two).
-export([ev/1]).
od(0) -> false; od(N) -> ev(N - 1).
ev(0) -> true; ev(N) -> od(N - 1).
)";
        Hashed a = hashSources({two});
        Hashed b = hashSources({twoSwapped}, 77);
        CHECK(a.hex["two:even/1"] != a.hex["two:odd/1"]);
        CHECK(a.hex["two:even/1"] == b.hex["two:ev/1"]);
        CHECK(a.hex["two:odd/1"] == b.hex["two:od/1"]);
        CHECK(a.info["two:even/1"].groupSize == 2);
        CHECK(a.info["two:even/1"].group == a.info["two:odd/1"].group);
        CHECK(a.info["two:even/1"].groupIndex != a.info["two:odd/1"].groupIndex);

        const std::string three = R"(-module(three).
-export([a/1]).
a(0) -> 0; a(N) -> b(N - 1) + 1.
b(0) -> 0; b(N) -> c(N - 1) + 2.
c(0) -> 0; c(N) -> a(N - 1) + 3.
)";
        Hashed t = hashSources({three});
        std::set<std::string> distinct{t.hex["three:a/1"], t.hex["three:b/1"], t.hex["three:c/1"]};
        CHECK(distinct.size() == 3);
        CHECK(t.info["three:a/1"].groupSize == 3);
        // Other source order, other names: the same three hashes.
        Hashed u = hashSources({R"(-module(three).
-export([x/1]).
z(0) -> 0; z(N) -> x(N - 1) + 3.
y(0) -> 0; y(N) -> z(N - 1) + 2.
x(0) -> 0; x(N) -> y(N - 1) + 1.
)"},
                               9);
        CHECK(u.hex["three:x/1"] == t.hex["three:a/1"]);
        CHECK(u.hex["three:y/1"] == t.hex["three:b/1"]);
        CHECK(u.hex["three:z/1"] == t.hex["three:c/1"]);
        // Editing one member changes all three (they are one group).
        std::string edited = three;
        edited.replace(edited.find("+ 2"), 3, "+ 9");
        CHECK(changed(t, hashSources({edited})) ==
              std::set<std::string>{"three:a/1", "three:b/1", "three:c/1"});
        // Self-recursion is a group of one.
        Hashed s = hashSources({R"(-module(s).
-export([f/1]).
f(0) -> 0; f(N) -> f(N - 1).
)"});
        CHECK(s.info["s:f/1"].groupSize == 1);
    }

    TEST_CASE("mutual recursion across two modules") {
        const std::string p = R"(-module(p).
-export([ping/1]).
ping(0) -> done; ping(N) -> q:pong(N - 1).
)";
        const std::string q = R"(-module(q).
-export([pong/1]).
pong(0) -> done2; pong(N) -> p:ping(N - 1).
)";
        Hashed a = hashSources({p, q});
        Hashed b = hashSources({q, p}, 33);
        CHECK(a.hex["p:ping/1"] == b.hex["p:ping/1"]);
        CHECK(a.hex["q:pong/1"] == b.hex["q:pong/1"]);
        CHECK(a.hex["p:ping/1"] != a.hex["q:pong/1"]);
        CHECK(a.info["p:ping/1"].groupSize == 2);
        CHECK(a.info["p:ping/1"].crossModuleGroup);
        CHECK(a.info["p:ping/1"].calls.size() >= 1);
        bool pinned = false;
        for (const loader::CodeRef& r : a.info["p:ping/1"].calls)
            if (r.name == "pong")
                pinned = r.kind == loader::CodeRef::Kind::Hash &&
                         loader::toHex(r.hash) == a.hex["q:pong/1"];
        CHECK(pinned);
        // Without q, the call is by name and the hash differs.
        Hashed alone = hashSources({p});
        CHECK(alone.hex["p:ping/1"] != a.hex["p:ping/1"]);
        CHECK(alone.info["p:ping/1"].groupSize == 1);
    }

    TEST_CASE("lambdas have their own hashes and the enclosing function depends on them") {
        const std::string src = R"(-module(l).
-export([adder/1, twice/1]).
adder(N) -> fun(X) -> X + N end.
twice(F) -> fun(X) -> F(F(X)) end.
)";
        Hashed a = hashSources({src});
        std::string body, twiceBody;
        for (const std::string& k : a.lambdaBodies) {
            if (k.find("adder") != std::string::npos) body = k;
            if (k.find("twice") != std::string::npos) twiceBody = k;
        }
        REQUIRE(!body.empty());
        REQUIRE(!twiceBody.empty());
        CHECK(a.hex[body] != a.hex[twiceBody]);
        const loader::FunctionHash& adder = a.info["l:adder/1"];
        REQUIRE(adder.lambdas.size() == 1);
        CHECK(loader::toHex(adder.lambdas[0].hash) == a.hex[body]);
        std::string edited = src;
        edited.replace(edited.find("X + N"), 5, "X - N");
        CHECK(changed(a, hashSources({edited})) == std::set<std::string>{body, "l:adder/1"});
    }

    TEST_CASE("closure: the root and everything it reaches, ambient code excluded") {
        Host h;
        auto code = h.compile(kChain, "chain.erl");
        REQUIRE(code);
        const vm::ModuleCode* mods[] = {code.get()};
        loader::HashSet set;
        REQUIRE(loader::hashModules(mods, h.rt->atoms(), ambient(), set));
        const vm::FunctionCode* top = nullptr;
        const vm::FunctionCode* side = nullptr;
        for (const auto& f : code->functions) {
            if (h.rt->atoms().name(f->name) == "top") top = f.get();
            if (h.rt->atoms().name(f->name) == "side") side = f.get();
        }
        REQUIRE(top);
        REQUIRE(side);
        CHECK(loader::closureOf(set, top).size() == 3);  // top, mid, leaf
        CHECK(loader::closureOf(set, side).size() == 2); // side, leaf
    }

    TEST_CASE("pfb: hashes are written, checked on read, and a mismatch is refused") {
        Host h;
        auto code = h.compile(kChain, "chain.erl");
        REQUIRE(code);
        const vm::ModuleCode* mods[] = {code.get()};
        loader::HashSet set;
        REQUIRE(loader::hashModules(mods, h.rt->atoms(), ambient(), set));
        std::vector<uint8_t> bytes;
        std::string error;
        REQUIRE(loader::writeModule(*code, h.rt->atoms(), bytes, &error, &set));
        CHECK(bytes.size() > toBytes(*code, h.rt->atoms()).size()); // hashes are in it
        auto read = loader::readModule(bytes, h.rt->atoms(), &error);
        REQUIRE_MESSAGE(read, error);
        const vm::ModuleCode* readMods[] = {read.get()};
        loader::HashSet again;
        REQUIRE(loader::hashModules(readMods, h.rt->atoms(), ambient(), again));
        for (size_t i = 0; i < code->functions.size(); ++i)
            CHECK(set.find(code->functions[i].get())->hash ==
                  again.find(read->functions[i].get())->hash);

        // A stored hash with one bit flipped: refused, with the reason.
        const loader::CodeHash firstHash = set.functions[0].hash;
        size_t hits = 0;
        for (size_t at = 0; at + 16 <= bytes.size(); ++at) {
            if (!std::equal(firstHash.begin(), firstHash.end(), bytes.begin() + long(at))) continue;
            ++hits;
            std::vector<uint8_t> bad = bytes;
            bad[at + 7] ^= 0x10;
            std::string why;
            CHECK_FALSE(loader::readModule(bad, h.rt->atoms(), &why));
            CHECK(why.find("hash") != std::string::npos);
        }
        CHECK(hits >= 1);

        // Changed code under the old hashes (a stale or forged hash): refused.
        std::string edited = kChain;
        edited.replace(edited.find("X + 3"), 5, "X + 4");
        auto other = h.compile(edited, "chain.erl");
        REQUIRE(other);
        loader::HashSet stale = set;
        stale.index.clear();
        for (size_t i = 0; i < stale.functions.size(); ++i) {
            stale.functions[i].function = other->functions[i].get();
            stale.index.emplace(other->functions[i].get(), i);
        }
        std::vector<uint8_t> forged;
        REQUIRE(loader::writeModule(*other, h.rt->atoms(), forged, &error, &stale));
        std::string why;
        CHECK_FALSE(loader::readModule(forged, h.rt->atoms(), &why));
        CHECK(why.find("does not match") != std::string::npos);
    }

    TEST_CASE("pfb: a reference into another module is pinned by hash and read alone") {
        const std::string p = R"(-module(pp).
-export([go/1]).
go(N) -> qq:help(N) + 1.
)";
        const std::string q = R"(-module(qq).
-export([help/1]).
help(N) -> N * 7.
)";
        Host h;
        auto pc = h.compile(p, "pp.erl");
        auto qc = h.compile(q, "qq.erl");
        REQUIRE(pc);
        REQUIRE(qc);
        const vm::ModuleCode* mods[] = {pc.get(), qc.get()};
        loader::HashSet set;
        REQUIRE(loader::hashModules(mods, h.rt->atoms(), ambient(), set));
        std::vector<uint8_t> bytes;
        REQUIRE(loader::writeModule(*pc, h.rt->atoms(), bytes, nullptr, &set));
        std::string error;
        auto read = loader::readModule(bytes, h.rt->atoms(), &error);
        REQUIRE_MESSAGE(read, error);
        // The callee's hash is in the file: go/1 keeps the hash it has with qq given.
        const loader::CodeHash helpHash = set.find(qc->functions[0].get())->hash;
        size_t hits = 0;
        for (size_t at = 0; at + 16 <= bytes.size(); ++at)
            if (std::equal(helpHash.begin(), helpHash.end(), bytes.begin() + long(at))) ++hits;
        CHECK(hits == 1);
    }

    TEST_CASE("pfb: a module in a cross-module cycle is written without hashes") {
        const std::string p = R"(-module(p).
-export([ping/1]).
ping(0) -> done; ping(N) -> q:pong(N - 1).
)";
        const std::string q = R"(-module(q).
-export([pong/1]).
pong(0) -> done2; pong(N) -> p:ping(N - 1).
)";
        Host h;
        auto pc = h.compile(p, "p.erl");
        auto qc = h.compile(q, "q.erl");
        REQUIRE(pc);
        REQUIRE(qc);
        const vm::ModuleCode* mods[] = {pc.get(), qc.get()};
        loader::HashSet set;
        REQUIRE(loader::hashModules(mods, h.rt->atoms(), ambient(), set));
        std::vector<uint8_t> bytes;
        REQUIRE(loader::writeModule(*pc, h.rt->atoms(), bytes, nullptr, &set));
        CHECK(bytes == toBytes(*pc, h.rt->atoms()));
        std::string error;
        CHECK_MESSAGE(loader::readModule(bytes, h.rt->atoms(), &error), error);
    }

    TEST_CASE("disasm listing: every function with its hash and its references") {
        Host h;
        auto code = h.compile(R"(-module(d).
-export([top/1]).
top(X) -> lists:reverse([mid(X), fun(Y) -> Y + X end]).
mid(X) -> abs(X) + other:f(X).
)",
                              "d.erl");
        REQUIRE(code);
        loader::HashSet set;
        std::string error;
        REQUIRE_MESSAGE(cli::hashModule(*code, h.rt->atoms(), set, &error), error);
        std::string text = cli::describeHashes(set, *code, h.rt->atoms());
        const vm::FunctionCode* mid = nullptr;
        for (const auto& f : code->functions)
            if (h.rt->atoms().name(f->name) == "mid") mid = f.get();
        REQUIRE(mid);
        const std::string midHex = loader::toHex(set.find(mid)->hash);
        CHECK(text.find("\nmid/1  " + midHex + "\n") != std::string::npos);
        CHECK(text.find("    call d:mid/1  " + midHex + "\n") != std::string::npos);
        CHECK(text.find("    call lists:reverse/1  ambient (by name)\n") != std::string::npos);
        CHECK(text.find("    call other:f/1  by name") != std::string::npos);
        CHECK(text.find("    bif  erlang:abs/1  ambient (by name)\n") != std::string::npos);
        CHECK(text.find("    fun  -top/1-fun-0-/1  ") != std::string::npos);
    }

    TEST_CASE("the whole embedded library hashes, identically under other atom numbers") {
        auto hashAll = [](int shift) {
            vm::AtomTable atoms;
            for (int i = 0; i < shift; ++i)
                (void)atoms.intern("shift_" + std::to_string(i));
            std::vector<std::unique_ptr<vm::ModuleCode>> code;
            for (std::string_view name : stdlib::embeddedModuleNames()) {
                std::string error;
                code.push_back(
                    loader::readModule(stdlib::embeddedModuleImage(name), atoms, &error));
                REQUIRE_MESSAGE(code.back(), error);
            }
            std::vector<const vm::ModuleCode*> mods;
            for (const auto& c : code)
                mods.push_back(c.get());
            // Nothing ambient: calls between library modules are hashed, cycles too.
            loader::HashSet set;
            std::string error;
            REQUIRE_MESSAGE(loader::hashModules(mods, atoms, {}, set, &error), error);
            std::vector<std::string> out;
            size_t groups = 0;
            for (const loader::FunctionHash& f : set.functions) {
                out.push_back(loader::toHex(f.hash));
                if (f.groupSize > 1) ++groups;
            }
            CHECK(groups > 0);
            return out;
        };
        std::vector<std::string> a = hashAll(0);
        CHECK(a.size() > 100);
        CHECK(a == hashAll(321));
    }

    TEST_CASE("a loaded (linked) module hashes as it did before loading") {
        Host h;
        auto code = h.compile(kChain, "chain.erl");
        REQUIRE(code);
        const vm::ModuleCode* before[] = {code.get()};
        loader::HashSet a;
        REQUIRE(loader::hashModules(before, h.rt->atoms(), ambient(), a));
        std::vector<loader::CodeHash> expected;
        for (const auto& f : code->functions)
            expected.push_back(a.find(f.get())->hash);
        std::string error;
        const vm::ModuleCode* loaded = h.rt->loadModule(std::move(code), &error);
        REQUIRE_MESSAGE(loaded, error);
        const vm::ModuleCode* after[] = {loaded};
        loader::HashSet b;
        REQUIRE(loader::hashModules(after, h.rt->atoms(), ambient(), b));
        REQUIRE(loaded->functions.size() == expected.size());
        for (size_t i = 0; i < expected.size(); ++i)
            CHECK(b.find(loaded->functions[i].get())->hash == expected[i]);
    }
}
