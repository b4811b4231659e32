// Corrupted .pfb files: every byte of a few valid files flipped, every truncation, and
// extensions. Each variant must be refused with a reason, or load and run to an
// ordinary result (a value or an Erlang exception); the process must never crash.
// Run it under `make sanitize` to have ASan and UBSan watch the same variants. With
// hashes stored, a variant that is accepted must hash as the original: only debug info
// can have changed.
#include "code_hashes.h"
#include "pfb_support.h"

#include <doctest/doctest.h>

using namespace pfun;
using namespace pfun::loader::testing;

namespace {

// Small modules (so that every byte can be tried quickly) without loops: a corrupted
// file must not turn one into a program that never ends.
constexpr std::string_view kModules[] = {
    R"(-module(c1).
-export([main/0]).
main() -> {f({a, 1}), f([x | y]), f(<<7>>), g(3), "ok", 2.5, 123456789012345678901}.
f({a, N}) -> N + 1;
f([H | T]) -> {H, T};
f(<<B:8>>) -> B;
f(_) -> other.
g(N) -> K = fun(X) -> X * N end, K(N).
)",
    R"(-module(c2).
-export([main/0]).
main() ->
    T = try erlang:element(2, {x}) catch error:R -> R end,
    case {T, #{k => v}} of
        {badarg, #{k := V}} -> {V, lists:reverse([1, 2, 3]), catch throw(t)};
        Other -> Other
    end.
)",
};

struct Trial {
    size_t refused = 0, ran = 0;
};

// Reads, and when accepted loads and runs, one variant.
void tryVariant(Host& h, std::span<const uint8_t> bytes, bool run, Trial& t) {
    std::string error;
    auto m = loader::readModule(bytes, h.rt->atoms(), &error);
    if (!m) {
        CHECK_MESSAGE(!error.empty(), "refused without a reason");
        ++t.refused;
        return;
    }
    if (!run) return;
    const vm::ModuleCode* loaded = h.rt->loadModule(std::move(m), &error);
    if (!loaded) {
        ++t.refused;
        return;
    }
    for (const auto& f : loaded->functions) {
        if (f->arity != 0 || f->lambdaIndex >= 0 || h.rt->atoms().name(f->name) != "main") continue;
        vm::Process p(*h.rt);
        (void)vm::callFunction(p, f.get(), {});
        ++t.ran;
    }
}

std::vector<uint8_t> compileSmall(Host& h, std::string_view src) {
    auto code = h.compile(src, "c.erl");
    REQUIRE_MESSAGE(code, h.diagnostics);
    code->source.clear(); // debug text only makes the file longer
    return toBytes(*code, h.rt->atoms());
}

} // namespace

TEST_SUITE("pfb corruption") {
    TEST_CASE("every byte inverted: refused with a reason or runs safely") {
        for (std::string_view src : kModules) {
            Host h;
            std::vector<uint8_t> good = compileSmall(h, src);
            REQUIRE(!good.empty());
            Trial t;
            tryVariant(h, good, true, t);
            REQUIRE(t.ran == 1);
            for (size_t i = 0; i < good.size(); ++i) {
                std::vector<uint8_t> bad = good;
                bad[i] ^= 0xff;
                tryVariant(h, bad, true, t);
            }
            MESSAGE(good.size() << " bytes: " << t.refused << " refused, " << t.ran << " ran");
            CHECK(t.refused > good.size() / 4); // the checks do reject things
        }
    }

    TEST_CASE("single-bit flips: refused with a reason or runs safely") {
        for (std::string_view src : kModules) {
            Host h;
            std::vector<uint8_t> good = compileSmall(h, src);
            Trial t;
            for (size_t i = 0; i < good.size(); ++i) {
                for (uint8_t bit : {uint8_t(0x01), uint8_t(0x10), uint8_t(0x80)}) {
                    std::vector<uint8_t> bad = good;
                    bad[i] ^= bit;
                    tryVariant(h, bad, true, t);
                }
            }
            MESSAGE(good.size() << " bytes x 3 flips: " << t.refused << " refused, " << t.ran
                                << " ran");
            CHECK(t.refused > 0);
            CHECK(t.ran > 0);
        }
    }

    TEST_CASE("every truncation and extension is refused") {
        for (std::string_view src : kModules) {
            Host h;
            std::vector<uint8_t> good = compileSmall(h, src);
            Trial t;
            for (size_t n = 0; n < good.size(); ++n) {
                size_t before = t.refused;
                tryVariant(h, std::span<const uint8_t>(good.data(), n), true, t);
                CHECK_MESSAGE(t.refused == before + 1, "a truncation to " << n << " bytes loaded");
            }
            for (size_t extra : {1u, 7u, 64u, 4096u}) {
                std::vector<uint8_t> longer = good;
                longer.resize(good.size() + extra, uint8_t(extra));
                size_t before = t.refused;
                tryVariant(h, longer, true, t);
                CHECK_MESSAGE(t.refused == before + 1, "an extension by " << extra << " loaded");
            }
        }
    }

    TEST_CASE("with hashes: every byte inverted is refused, or reads to the same hashes") {
        for (std::string_view src : kModules) {
            Host h;
            auto code = h.compile(src, "c.erl");
            REQUIRE_MESSAGE(code, h.diagnostics);
            code->source.clear();
            loader::HashSet hashes;
            std::string error;
            REQUIRE_MESSAGE(cli::hashModule(*code, h.rt->atoms(), hashes, &error), error);
            std::vector<uint8_t> good;
            REQUIRE(loader::writeModule(*code, h.rt->atoms(), good, &error, &hashes));
            std::vector<loader::CodeHash> expected;
            for (const auto& f : code->functions)
                expected.push_back(hashes.find(f.get())->hash);
            size_t refused = 0, same = 0;
            for (size_t i = 0; i < good.size(); ++i) {
                std::vector<uint8_t> bad = good;
                bad[i] ^= 0xff;
                auto m = loader::readModule(bad, h.rt->atoms(), &error);
                if (!m) {
                    ++refused;
                    continue;
                }
                // Accepted: only debug info (names, lines, lambda names) can differ.
                loader::HashSet again;
                REQUIRE(cli::hashModule(*m, h.rt->atoms(), again, &error));
                REQUIRE(m->functions.size() == expected.size());
                bool equal = true;
                for (size_t k = 0; k < expected.size(); ++k)
                    equal = equal && again.find(m->functions[k].get())->hash == expected[k];
                CHECK_MESSAGE(equal, "byte " << i << " changed behaviour but was accepted");
                ++same;
            }
            MESSAGE(good.size() << " bytes: " << refused << " refused, " << same
                                << " accepted with the same hashes");
            CHECK(refused > good.size() / 2);
        }
    }
}
