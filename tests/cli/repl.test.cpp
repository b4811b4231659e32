#include "repl_session.h"

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

using pfun::cli::ReplSession;
using pfun::cli::splitAtFullStops;

namespace {

// A session whose program output is captured instead of written to stdout.
struct Shell {
    ReplSession session{{}};
    std::string output;
    Shell() {
        session.runtime().setOutput([this](std::string_view t) { output += t; });
    }
    std::string eval(std::string_view in) { return session.evaluate(in); }
};

} // namespace

TEST_SUITE("repl") {
    TEST_CASE("interrupt() cancels a running evaluation; the shell goes on") {
        Shell sh;
        CHECK(sh.eval("X = 21.\n") == "21\n");
        std::thread ctrlC([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            sh.session.interrupt();
        });
        std::string out = sh.eval("Loop = fun L(N) -> L(N + 1) end, Loop(0).\n");
        ctrlC.join();
        CHECK(out == "** exception exit: killed\n");
        CHECK(sh.eval("X * 2.\n") == "42\n");
        sh.session.interrupt(); // between evaluations: no effect on the next one
        CHECK(sh.eval("X + 1.\n") == "22\n");
    }

    TEST_CASE("the shell is a process: spawn, receive, get_result and flush()") {
        Shell sh;
        CHECK(sh.eval("Self = self(), P = spawn(fun() -> Self ! {hi, 6 * 7} end), ok.\n") ==
              "ok\n");
        CHECK(sh.eval("receive {hi, N} -> N end.\n") == "42\n");
        CHECK(sh.eval("get_result(spawn(fun() -> lists:seq(1, 3) end)).\n") == "{ok,[1,2,3]}\n");
        CHECK(sh.eval("self() ! a, self() ! {b, 1}, ok.\n") == "ok\n");
        CHECK(sh.eval("flush().\n") == "Shell got a\nShell got {b,1}\nok\n");
        CHECK(sh.eval("flush().\n") == "ok\n");
    }

    TEST_CASE("portable funs in the shell: made, called, spawned and introspected") {
        Shell sh;
        CHECK(sh.eval("N = 3, F = pfun(X) -> X * N end, F(14).\n") == "42\n");
        CHECK(sh.eval("erlang:is_function_portable(F).\n") == "true\n");
        CHECK(sh.eval("erlang:fun_info(F, code).\n") == "{code,\"pfun(X) -> X * N end\"}\n");
        CHECK(sh.eval("erlang:fun_info(F, env).\n") == "{env,[3]}\n");
        CHECK(sh.eval("{hash, H} = erlang:fun_info(F, hash), byte_size(H).\n") == "16\n");
        CHECK(sh.eval("get_result(spawn(node(), pfun() -> F(2) end)).\n") == "{ok,6}\n");
        CHECK(sh.eval("G = pfun lists:sublist/2, G([1, 2, 3], 2).\n") == "[1,2]\n");
        // A native BIF has no bytecode to carry.
        CHECK(sh.eval("pfun lists:reverse/1.\n").find("bad argument: {native,{lists,reverse,1}}") !=
              std::string::npos);
    }

    TEST_CASE("input is complete only after a full stop outside strings and comments") {
        CHECK(ReplSession::inputComplete("1 + 2.\n"));
        CHECK(ReplSession::inputComplete("X = 1. % done\n"));
        CHECK_FALSE(ReplSession::inputComplete("X = [1,\n"));
        CHECK_FALSE(ReplSession::inputComplete("\"a. b\n"));
        CHECK_FALSE(ReplSession::inputComplete("X = 1.5")); // a float, not a stop
        CHECK_FALSE(ReplSession::inputComplete("% a comment.\n"));
        CHECK_FALSE(ReplSession::inputComplete("X = $.\n")); // $. is the character '.'
        CHECK(ReplSession::inputComplete("X = $. .\n"));
    }

    TEST_CASE("several expressions on one line are split at their full stops") {
        auto parts = splitAtFullStops("X = 1. Y = \"a. b\", Y.\n");
        REQUIRE(parts.size() == 2);
        CHECK(parts[0] == "X = 1.");
        CHECK(parts[1] == " Y = \"a. b\", Y.");
    }

    TEST_CASE("values print as the Erlang shell prints them and bindings persist") {
        Shell sh;
        CHECK(sh.eval("X = 6 * 7.\n") == "42\n");
        CHECK(sh.eval("X + 1.\n") == "43\n");
        CHECK(sh.eval("L = lists:seq(1, 5), lists:sum(L).\n") == "15\n");
        CHECK(sh.eval("{X, L}.\n") == "{42,[1,2,3,4,5]}\n");
        CHECK(sh.eval("b().\n") == "L = [1,2,3,4,5]\nX = 42\nok\n");
    }

    TEST_CASE("a fun bound in one evaluation can be called in the next") {
        Shell sh;
        sh.eval("Double = fun(N) -> N * 2 end.\n");
        CHECK(sh.eval("Double(21).\n") == "42\n");
        CHECK(sh.eval("lists:map(Double, [1,2,3]).\n") == "[2,4,6]\n");
    }

    TEST_CASE("matching a bound variable against another value is a badmatch") {
        Shell sh;
        sh.eval("X = 1.\n");
        std::string out = sh.eval("X = 2.\n");
        CHECK(out.find("no match of right hand side value 2") != std::string::npos);
        CHECK(sh.eval("X.\n") == "1\n"); // bindings survive the error
    }

    TEST_CASE("f/0, f/1 and v/1") {
        Shell sh;
        sh.eval("A = 1.\n");
        sh.eval("B = 2.\n");
        CHECK(sh.eval("f(A).\n") == "ok\n");
        CHECK(sh.eval("b().\n") == "B = 2\nok\n");
        CHECK(sh.eval("v(2).\n") == "2\n");
        CHECK(sh.eval("f().\n") == "ok\n");
        CHECK(sh.eval("b().\n") == "ok\n");
    }

    TEST_CASE("compile errors are reported with a caret and do not end the shell") {
        Shell sh;
        std::string out = sh.eval("Y + 1.\n");
        CHECK(out.find("variable 'Y' is unbound") != std::string::npos);
        CHECK(out.find("^") != std::string::npos);
        CHECK(sh.eval("1 + 1.\n") == "2\n");
    }

    TEST_CASE("program output goes to the output sink, the value to the shell") {
        Shell sh;
        CHECK(sh.eval("io:format(\"hi~n\").\n") == "ok\n");
        CHECK(sh.output == "hi\n");
    }

    TEST_CASE("c(File) compiles and loads a module") {
        auto dir = std::filesystem::temp_directory_path() / "pfun_repl_test";
        std::filesystem::create_directories(dir);
        auto file = dir / "replmod.erl";
        std::ofstream(file) << "-module(replmod).\n-export([twice/1]).\ntwice(X) -> 2 * X.\n";
        Shell sh;
        CHECK(sh.eval("c(\"" + file.string() + "\").\n") == "{ok,replmod}\n");
        CHECK(sh.eval("replmod:twice(21).\n") == "42\n");
        std::filesystem::remove_all(dir);
    }

    TEST_CASE("q() asks the shell to stop") {
        Shell sh;
        CHECK(sh.eval("q().\n") == "ok\n");
        CHECK(sh.session.quitRequested());
    }
}
