// Every corpus file names, in `%% expect: LINE:COL: message` comments, exactly the
// errors erlc (OTP 25) reports for it; the front end must report the same set.
// Warnings are not compared (they never fail a compilation).
#include "corpus_files.h"
#include "pfun/compiler/frontend.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

using namespace pfun::compiler;

namespace {

std::vector<std::string> expectedErrors(const std::string& text) {
    std::vector<std::string> out;
    const std::string key = "%% expect: ";
    size_t pos = 0;
    while ((pos = text.find(key, pos)) != std::string::npos) {
        size_t end = text.find('\n', pos);
        out.push_back(text.substr(pos + key.size(), end - pos - key.size()));
        pos = end == std::string::npos ? text.size() : end;
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> actualErrors(const pfun::test::SourceFile& f) {
    std::string name = std::filesystem::path(f.path).filename().string();
    Diagnostics d(name, f.text);
    auto m = parseModule(f.text, f.path, d);
    if (m) lintModule(*m, d);
    std::vector<std::string> out;
    for (const auto& it : d.items())
        if (it.severity == Severity::Error)
            out.push_back(std::to_string(it.loc.line) + ":" + std::to_string(it.loc.col) + ": " +
                          it.message);
    std::sort(out.begin(), out.end());
    return out;
}

std::string joined(const std::vector<std::string>& xs) {
    std::string out;
    for (const auto& x : xs)
        out += "  " + x + "\n";
    return out;
}

} // namespace

TEST_SUITE("errors") {
    TEST_CASE("each corpus program gets exactly erlc's errors") {
        auto files = pfun::test::readErlFiles(PFUN_ERRORS_CORPUS_DIR);
        CHECK(files.size() >= 30);
        for (const auto& f : files) {
            CAPTURE(f.path);
            auto expected = expectedErrors(f.text);
            CHECK_MESSAGE(!expected.empty(), "corpus file without expectations");
            auto actual = actualErrors(f);
            CHECK_MESSAGE(expected == actual, "expected:\n"
                                                  << joined(expected) << "got:\n"
                                                  << joined(actual));
        }
    }

    TEST_CASE("valid programs produce no errors") {
        auto files = pfun::test::readErlFiles(PFUN_ERRORS_VALID_DIR);
        CHECK(files.size() >= 3);
        for (const auto& f : files) {
            CAPTURE(f.path);
            auto actual = actualErrors(f);
            CHECK_MESSAGE(actual.empty(), joined(actual));
        }
    }
}
