// Shared by the corpus and robustness tests: the program files of a directory, read
// whole, in a stable (sorted) order.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace pfun::test {

struct SourceFile {
    std::string path;
    std::string text;
};

inline std::vector<SourceFile> readErlFiles(const std::string& dir) {
    std::vector<SourceFile> out;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() != ".erl") continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        out.push_back({entry.path().string(), ss.str()});
    }
    std::sort(out.begin(), out.end(),
              [](const SourceFile& a, const SourceFile& b) { return a.path < b.path; });
    return out;
}

} // namespace pfun::test
