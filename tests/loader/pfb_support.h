// Helpers for the .pfb tests: a runtime with the native BIFs and the embedded library,
// compiling source text, and running m:main() with its output captured.
#pragma once

#include "module_loader.h"

#include "pfun/compiler/compile.h"
#include "pfun/loader/pfb.h"
#include "pfun/stdlib/stdlib.h"
#include "pfun/vm/interpreter.h"
#include "pfun/vm/process.h"
#include "pfun/vm/runtime.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace pfun::loader::testing {

struct Host {
    std::unique_ptr<vm::Runtime> rt = std::make_unique<vm::Runtime>();
    std::string out;
    cli::ModuleLoader loader{{}}; // the embedded library only

    Host() {
        stdlib::registerBifs(*rt);
        loader.install(*rt);
        rt->setOutput([this](std::string_view s) { out += s; });
    }

    std::unique_ptr<vm::ModuleCode> compile(std::string_view source,
                                            std::string_view file = "m.erl") {
        compiler::Diagnostics diags{std::string(file), source};
        auto code = compiler::compileSource(source, file, *rt, diags);
        if (!code) diagnostics = diags.render();
        return code;
    }

    // Calls module:main() and returns what it printed, then "=> Value" or the
    // exception (class:reason).
    std::string runMain(std::string_view module) {
        out.clear();
        vm::Process p(*rt);
        vm::CallResult r = vm::callMfa(p, rt->atom(module), rt->atom("main"), {});
        std::string result = out;
        if (r.ok) return result + "=> " + compiler::formatLiteral(r.value, rt->atoms());
        const char* cls = r.cls == vm::ExceptionClass::Error   ? "error"
                          : r.cls == vm::ExceptionClass::Throw ? "throw"
                                                               : "exit";
        return result + cls + ":" + compiler::formatLiteral(r.reason, rt->atoms());
    }

    std::string diagnostics;
};

inline std::vector<uint8_t> toBytes(const vm::ModuleCode& m, const vm::AtomTable& atoms) {
    std::vector<uint8_t> bytes;
    std::string error;
    if (!writeModule(m, atoms, bytes, &error)) bytes.clear();
    return bytes;
}

// A module exercising every kind of table and literal the format stores.
inline constexpr std::string_view kRichModule = R"(-module(rich).
-export([main/0, classify/1, adder/1]).

classify(X) ->
    case X of
        alpha -> 1; beta -> 2; gamma -> 3; delta -> 4; {a, _} -> tuple2; {_, _, _} -> tuple3;
        [_ | _] -> cons; 12345678901234567890123 -> big; 2.5 -> float; <<"bin">> -> bin;
        #{k := V} -> {map, V}; _ -> other
    end.

adder(N) -> fun(X) -> X + N end.

safe(F) -> try F() catch C:R -> {caught, C, R} end.

bits(<<A:8, B:4, C/bitstring>>) -> {A, B, C};
bits(_) -> nobits.

hidden() -> secret.

main() ->
    Xs = [alpha, beta, gamma, delta, {a, 1}, {1, 2, 3}, [x], 12345678901234567890123, 2.5,
          <<"bin">>, #{k => v}, "str", zeta],
    io:format("~p~n", [[classify(X) || X <- Xs]]),
    Add = adder(10),
    io:format("~p ~p~n", [Add(5), lists:map(fun(Y) -> Y * 2 end, [1, 2, 3])]),
    io:format("~p~n", [safe(fun() -> 1 = 2 end)]),
    io:format("~p~n", [safe(fun() -> throw({oops, "x", 3.25, -7}) end)]),
    io:format("~p~n", [bits(<<200, 255, 7:3>>)]),
    io:format("~p~n", [{self() =:= self(), fun lists:reverse/1, erlang:phash2(abc), ?MODULE}]),
    io:format("~p~n", [catch erlang:element(5, {1})]),
    io:format("~ts~n", [<<"Grüße"/utf8>>]),
    io:format("~p ~p~n", [hidden(), element(1, element(2, catch ?MODULE:hidden()))]),
    F = fun Fact(0) -> 1; Fact(K) -> K * Fact(K - 1) end,
    F(30).
)";

} // namespace pfun::loader::testing
