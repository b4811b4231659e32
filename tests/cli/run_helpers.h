// Shared by the `pfun run` tests: a temporary directory for source files and an
// in-process run with stdout and stderr captured.
#pragma once

#include "run_command.h"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <unistd.h>
#include <vector>

namespace pfun::testing {

struct TempDir {
    std::filesystem::path path;
    TempDir() {
        static std::atomic<int> counter{0};
        path = std::filesystem::temp_directory_path() /
               ("pfun-run-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        std::filesystem::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    std::string write(const std::string& name, const std::string& text) const {
        std::ofstream(path / name) << text;
        return (path / name).string();
    }
};

struct Outcome {
    int code = -1;
    std::string out, err;
};

inline Outcome run(const std::string& file, std::vector<std::string> args = {},
                   bool gcStress = false, std::vector<std::string> extraPaths = {},
                   unsigned schedulers = 0,
                   const std::function<void(pfun::cli::RunOptions&)>& tune = {}) {
    Outcome o;
    pfun::cli::RunOptions opts;
    opts.file = file;
    opts.args = std::move(args);
    opts.gcStress = gcStress;
    opts.extraPaths = std::move(extraPaths);
    opts.schedulers = schedulers;
    if (tune) tune(opts);
    opts.output = [&](std::string_view s) { o.out += s; };
    opts.errors = [&](std::string_view s) { o.err += s; };
    o.code = pfun::cli::runProgram(opts);
    return o;
}

} // namespace pfun::testing
