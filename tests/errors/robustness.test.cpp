// The front end must return, without crashing, on any input. Every corpus and valid
// program is damaged deterministically: truncated at every position (up to a bound),
// single bytes replaced, and random bytes inserted, from a fixed-seed generator, so a
// failure reproduces exactly. Run under PFUN_SANITIZE for memory errors.
#include "corpus_files.h"
#include "pfun/compiler/frontend.h"

#include <doctest/doctest.h>

#include <cstdint>

using namespace pfun::compiler;

namespace {

// xorshift64*: small, deterministic and the same on every platform.
struct Rng {
    uint64_t state;
    uint64_t next() {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        return state * 2685821657736338717ull;
    }
    size_t below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(next() % n); }
};

size_t runFrontEnd(const std::string& src) {
    Diagnostics d("fuzz.erl", src);
    auto m = parseModule(src, "fuzz.erl", d);
    if (m) lintModule(*m, d);
    (void)d.render();
    return d.items().size();
}

std::vector<pfun::test::SourceFile> allSamples() {
    auto files = pfun::test::readErlFiles(PFUN_ERRORS_CORPUS_DIR);
    for (auto& f : pfun::test::readErlFiles(PFUN_ERRORS_VALID_DIR))
        files.push_back(std::move(f));
    return files;
}

// Bytes that tend to matter to an Erlang lexer and parser.
constexpr char kInteresting[] = "()[]{}<>.,;:|#?$\"'\\%-=+*/!~_ \n\tXxaz09endfuncaseof";

} // namespace

TEST_SUITE("robustness") {
    TEST_CASE("truncated programs") {
        size_t runs = 0;
        for (const auto& f : allSamples()) {
            size_t limit = std::min<size_t>(f.text.size(), 600);
            for (size_t n = 0; n <= limit; ++n, ++runs)
                runFrontEnd(f.text.substr(0, n));
        }
        CHECK(runs > 1000);
    }

    TEST_CASE("programs with replaced and inserted bytes") {
        Rng rng{0x9E3779B97F4A7C15ull};
        size_t withErrors = 0, runs = 0;
        for (const auto& f : allSamples()) {
            if (f.text.empty()) continue;
            for (int i = 0; i < 80; ++i, ++runs) {
                std::string s = f.text;
                int edits = 1 + static_cast<int>(rng.below(4));
                for (int e = 0; e < edits; ++e) {
                    size_t at = rng.below(s.size());
                    switch (rng.below(4)) {
                    case 0: s[at] = static_cast<char>(rng.next() & 0xFF); break;
                    case 1: s[at] = kInteresting[rng.below(sizeof kInteresting - 1)]; break;
                    case 2:
                        s.insert(at, 1, kInteresting[rng.below(sizeof kInteresting - 1)]);
                        break;
                    default: s.erase(at, 1 + rng.below(8)); break;
                    }
                }
                if (runFrontEnd(s) > 0) ++withErrors;
            }
        }
        CHECK(runs > 1000);
        CHECK(withErrors > 0);
    }

    TEST_CASE("pathological inputs") {
        CHECK(runFrontEnd(std::string(200000, '(')) > 0);
        CHECK(runFrontEnd(std::string(200000, '[')) > 0);
        CHECK(runFrontEnd("f() -> " + std::string(100000, '-') + "1.") > 0);
        CHECK(runFrontEnd("f() -> " + std::string(50000, '#') + ".") > 0);
        std::string deepFuns = "f() -> ";
        for (int i = 0; i < 20000; ++i)
            deepFuns += "fun() -> ";
        CHECK(runFrontEnd(deepFuns + ".") > 0);
        std::string deepCase = "f(X) -> ";
        for (int i = 0; i < 20000; ++i)
            deepCase += "case X of _ -> ";
        CHECK(runFrontEnd(deepCase + ".") > 0);
        std::string binary(100000, '<');
        CHECK(runFrontEnd("f() -> " + binary + ".") > 0);
        CHECK(runFrontEnd(std::string("\0\0\xff\xfe", 4)) > 0);
        CHECK(runFrontEnd("-define(A, ?A ?A).\nf() -> ?A.") > 0);
        CHECK(runFrontEnd("-include(\"/\").\n-include(\"\").") > 0);
        std::string manyForms;
        for (int i = 0; i < 20000; ++i)
            manyForms += "f() -> .\n";
        CHECK(runFrontEnd(manyForms) > 0);
    }
}
