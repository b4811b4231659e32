// `pfun compile` and .pfb files on the command line, in-process: compile to a file,
// run it, find modules as NAME.pfb on the code path, and refuse damaged files.
#include "compile_command.h"
#include "run_command.h"

#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

struct TempDir {
    fs::path path;
    TempDir() {
        static std::atomic<int> counter{0};
        path = fs::temp_directory_path() /
               ("pfun-pfb-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    std::string write(const std::string& name, const std::string& text) const {
        std::ofstream(path / name, std::ios::binary) << text;
        return (path / name).string();
    }
};

struct Outcome {
    int code = -1;
    std::string out, err;
};

Outcome run(const std::string& file, std::vector<std::string> args = {}) {
    Outcome o;
    pfun::cli::RunOptions opts;
    opts.file = file;
    opts.args = std::move(args);
    opts.output = [&](std::string_view s) { o.out += s; };
    opts.errors = [&](std::string_view s) { o.err += s; };
    o.code = pfun::cli::runProgram(opts);
    return o;
}

Outcome compile(const std::string& file, const std::string& output = "") {
    Outcome o;
    pfun::cli::CompileOptions opts;
    opts.file = file;
    opts.output = output;
    opts.errors = [&](std::string_view s) { o.err += s; };
    o.code = pfun::cli::compileToPfb(opts);
    return o;
}

// Sets a file's modification time relative to now (seconds).
void age(const fs::path& p, int seconds) {
    fs::last_write_time(p, fs::file_time_type::clock::now() + std::chrono::seconds(seconds));
}

const char* kMain = "-module(prog).\n-export([main/1]).\n"
                    "main(Args) -> io:format(\"~p ~p~n\", [lists:reverse(Args), lib:which()]).\n";

} // namespace

TEST_SUITE("pfun compile") {
    TEST_CASE("a compiled .pfb runs as its source does") {
        TempDir d;
        auto src = d.write("prog.erl", kMain);
        d.write("lib.erl", "-module(lib).\n-export([which/0]).\nwhich() -> source.\n");
        Outcome fromSource = run(src, {"a", "b"});
        REQUIRE(fromSource.code == 0);
        CHECK(fromSource.out == "[\"b\",\"a\"] source\n");

        Outcome c = compile(src, (d.path / "out.pfb").string());
        CHECK(c.code == 0);
        CHECK(c.err.empty());
        CHECK(compile(src).code == 0); // default name: prog.pfb
        CHECK(fs::exists(d.path / "prog.pfb"));
        Outcome fromImage = run((d.path / "out.pfb").string(), {"a", "b"});
        CHECK(fromImage.code == 0);
        CHECK(fromImage.out == fromSource.out);
        CHECK(fromImage.err.empty());
    }

    TEST_CASE("compile errors exit 3 and write nothing; an unreadable file exits 2") {
        TempDir d;
        auto bad = d.write("bad.erl", "-module(bad).\n-export([main/1]).\nmain(_) -> X.\n");
        Outcome c = compile(bad);
        CHECK(c.code == 3);
        CHECK(c.err.find("bad.erl:3:") != std::string::npos);
        CHECK_FALSE(fs::exists(d.path / "bad.pfb"));
        CHECK(compile((d.path / "missing.erl").string()).code == 2);
    }

    TEST_CASE("the code path finds NAME.pfb; a newer NAME.erl wins over a stale image") {
        TempDir d;
        auto src = d.write("prog.erl", kMain);
        auto lib = d.write("lib.erl", "-module(lib).\n-export([which/0]).\nwhich() -> image.\n");
        REQUIRE(compile(lib).code == 0);
        fs::remove(lib);
        CHECK(run(src).out == "[] image\n"); // only lib.pfb exists

        d.write("lib.erl", "-module(lib).\n-export([which/0]).\nwhich() -> source.\n");
        age(d.path / "lib.pfb", -100);
        CHECK(run(src).out == "[] source\n"); // the image is older than its source
        age(d.path / "lib.pfb", 100);
        CHECK(run(src).out == "[] image\n");
    }

    TEST_CASE("a damaged .pfb is refused with its reason") {
        TempDir d;
        auto src = d.write("prog.erl", kMain);
        auto lib = d.write("lib.erl", "-module(lib).\n-export([which/0]).\nwhich() -> image.\n");
        REQUIRE(compile(src).code == 0);
        REQUIRE(compile(lib).code == 0);
        fs::remove(lib);
        fs::resize_file(d.path / "lib.pfb", fs::file_size(d.path / "lib.pfb") - 3);
        Outcome o = run(src);
        CHECK(o.code == 1);
        CHECK(o.err.find("cannot load lib.pfb: truncated .pfb file") != std::string::npos);
        CHECK(o.err.find("undef") != std::string::npos);

        fs::resize_file(d.path / "prog.pfb", 20);
        Outcome main = run((d.path / "prog.pfb").string());
        CHECK(main.code == 3);
        CHECK(main.err.find("truncated .pfb file") != std::string::npos);
    }
}
