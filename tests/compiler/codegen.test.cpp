#include "codegen_support.h"
#include "window_check.h"

#include "pfun/vm/process.h"

#include <doctest/doctest.h>

#include <string>

using namespace pfun;
using namespace pfun::compiler::testing;

namespace {

size_t countOp(const vm::FunctionCode& fn, vm::Opcode op) {
    size_t n = 0;
    for (uint32_t pc = 0; pc < fn.code.size();
         pc += vm::instructionLength(vm::decodeOp(fn.code[pc])))
        if (vm::decodeOp(fn.code[pc]) == op) ++n;
    return n;
}

// Compiles, and checks what every compilation must satisfy.
Compiled compileChecked(std::string_view src, const compiler::CompileOptions& options = {}) {
    Compiled c = compileText(src, "t.erl", options);
    REQUIRE_MESSAGE(c.code, c.diagnostics);
    CHECK(compiler::verifyEmitted(*c.code) == "");
    CHECK(checkWindows(*c.code, c.rt->atoms()) == "");
    return c;
}

} // namespace

TEST_SUITE("codegen") {
    TEST_CASE("golden: fib compiles to tests, ADDI and a register window per call") {
        auto c = compileChecked("-module(m).\n-export([fib/1]).\n"
                                "fib(0) -> 0;\n"
                                "fib(1) -> 1;\n"
                                "fib(N) -> fib(N - 1) + fib(N - 2).\n");
        CHECK(c.disasm("fib", 1) == R"(fib/1  (frame 4)
     0  TEST_EQ_K     R0, 0, ->6                            % line 3
     3  LOADI         R1, 0
     5  RETURN        R1
     6  TEST_EQ_K     R0, 1, ->12
     9  LOADI         R1, 1                                 % line 4
    11  RETURN        R1
    12  ADDI          R1, R0, -1, raise                     % line 5
    14  CALL          R1, 1, m:fib/1
    16  ADDI          R2, R0, -2, raise
    18  CALL          R2, 1, m:fib/1
    20  ADD           R3, R1, R2, raise
    22  RETURN        R3
)");
    }

    TEST_CASE("golden: tail recursion uses TAILCALL and list patterns TEST_GET_LIST") {
        auto c = compileChecked("-module(m).\n-export([sum/2]).\n"
                                "sum([], Acc) -> Acc;\n"
                                "sum([H | T], Acc) -> sum(T, Acc + H).\n");

        const vm::FunctionCode* f = c.fn("sum", 2);
        REQUIRE(f);
        CHECK(countOp(*f, vm::Opcode::TAILCALL) == 1);
        CHECK(countOp(*f, vm::Opcode::CALL) == 0);
        // [H | T]: one instruction tests for a cell and takes it apart.
        CHECK(countOp(*f, vm::Opcode::TEST_GET_LIST) == 1);
        CHECK(countOp(*f, vm::Opcode::GET_LIST) == 0);
        CHECK(countOp(*f, vm::Opcode::TEST_TYPE) == 0);
    }

    TEST_CASE("golden: tail recursion modulo cons is a loop over a list builder") {
        const char* src = "-module(m).\n-export([dbl/1]).\n"
                          "dbl([H | T]) -> [H * 2 | dbl(T)];\n"
                          "dbl([]) -> [].\n";
        auto c = compileChecked(src);
        CHECK(c.disasm("dbl", 1) == R"(dbl/1  (frame 5)
     0  HOLE_NEW      R1                                    % line 3
     1  TEST_GET_LIST R2, R3, R0, ->9
     3  MULI          R4, R2, 2, raise
     5  HOLE_PUT      R1, R4
     6  MOVE          R0, R3
     7  JUMP          ->1
     9  TEST_EQ_K     R0, [], ->14
    12  LOADNIL       R2                                    % line 4
    13  HOLE_RETURN   R1, R2
    14  ERROR         R0, function_clause                   % line 3
)");
        const vm::FunctionCode* f = c.fn("dbl", 1);
        REQUIRE(f);
        CHECK(vm::isaVersionNeeded(f->code) == 2);
        // Without list builders: plain body recursion.
        compiler::CompileOptions plain;
        plain.listBuilders = false;
        auto p = compileChecked(src, plain);
        REQUIRE(p.fn("dbl", 1));
        CHECK(countOp(*p.fn("dbl", 1), vm::Opcode::CALL) == 1);
        CHECK(countOp(*p.fn("dbl", 1), vm::Opcode::HOLE_NEW) == 0);
    }

    TEST_CASE("list builders: several heads, self tail calls and values in case branches") {
        // As in a runtime with the library: erlang:error/1 is a BIF, so the
        // comprehension's bad_generator clause makes no call.
        Compiled c;
        c.rt->bifs().add(vm::atoms::kErlang, vm::atoms::kError, 1,
                         [](vm::Process& p, const vm::Term* a) { return p.error(a[0]); });
        std::string src = "-module(m).\n-export([f/2, g/1]).\n"
                          "f(P, [H | T]) ->\n"
                          "    case P(H) of\n"
                          "        true -> [H, {H} | f(P, T)];\n"
                          "        false -> f(P, T);\n"
                          "        _ -> done\n"
                          "    end;\n"
                          "f(_, []) -> [].\n"
                          "g(L) -> [X + 1 || X <- L, X > 0].\n";
        compiler::Diagnostics diags("t.erl", src);
        c.code = compiler::compileSource(src, "t.erl", *c.rt, diags);
        REQUIRE_MESSAGE(c.code, diags.render());
        CHECK(checkWindows(*c.code, c.rt->atoms()) == "");
        const vm::FunctionCode* f = c.fn("f", 2);
        REQUIRE(f);
        CHECK(countOp(*f, vm::Opcode::HOLE_NEW) == 1);
        CHECK(countOp(*f, vm::Opcode::HOLE_PUT) == 2);
        CHECK(countOp(*f, vm::Opcode::JUMP) >= 2); // both self calls loop
        CHECK(countOp(*f, vm::Opcode::HOLE_RETURN) == 2);
        CHECK(countOp(*f, vm::Opcode::CALL) == 0);
        CHECK(countOp(*f, vm::Opcode::TAILCALL) == 0);
        CHECK(countOp(*f, vm::Opcode::RETURN) == 0);
        // The comprehension's generated function is one too.
        bool lcLoops = false;
        for (const auto& fn : c.code->functions)
            if (countOp(*fn, vm::Opcode::HOLE_PUT) == 1 && countOp(*fn, vm::Opcode::CALL) == 0)
                lcLoops = lcLoops || c.rt->atoms().name(fn->name).find("lc$") != std::string::npos;
        CHECK(lcLoops);
    }

    TEST_CASE("list builders: not for a function whose tail positions call elsewhere") {
        // mixed/1 -> other/1 -> mixed/1 must stay in constant stack: a tail call.
        auto c = compileChecked("-module(m).\n-export([mixed/1, r/1, l/1]).\n"
                                "mixed([a | T]) -> [x | mixed(T)];\n"
                                "mixed([b | T]) -> other(T);\n"
                                "mixed([]) -> [].\n"
                                "other(T) -> mixed(T).\n"
                                "r([H | T]) -> [H | ?MODULE:r(T)];\n" // reaches the newest version
                                "r([]) -> [].\n"
                                "l([H | T]) -> X = [H | l(T)], X;\n" // not a tail position
                                "l([]) -> [].\n");
        for (const char* name : {"mixed", "r", "l"}) {
            CAPTURE(name);
            REQUIRE(c.fn(name, 1));
            CHECK(countOp(*c.fn(name, 1), vm::Opcode::HOLE_NEW) == 0);
        }
        CHECK(countOp(*c.fn("mixed", 1), vm::Opcode::TAILCALL) == 1);
    }

    TEST_CASE("the window checker finds a register live across a call, a written argument") {
        using vm::encode;
        using vm::Opcode;
        vm::ModuleCode mod;
        vm::FunctionCode f;
        f.arity = 1;
        f.frameSize = 4;
        vm::CallTarget t;
        f.targets = {&t};
        // 0 LOADNIL R2; 1 CALL R1, 1; 3 CONS R3, R1, R2; 4 RETURN R3: the call clobbers R2.
        f.code = {encode(Opcode::LOADNIL, 2), encode(Opcode::CALL, 1, 1), 0,
                  encode(Opcode::CONS, 3, 1, 2), encode(Opcode::RETURN, 3)};
        CHECK(checkWindows(f, mod, "f").find("R2 live across a call with base R1") !=
              std::string::npos);
        f.code = {encode(Opcode::LOADNIL, 0), encode(Opcode::RETURN, 0)};
        CHECK(checkWindows(f, mod, "f").find("writes argument register R0") != std::string::npos);
        // A list builder's loop places the arguments before jumping back: allowed.
        // 0 HOLE_NEW R1; 1 TEST_GET_LIST R2, R3, R0, ->7; 3 HOLE_PUT R1, R2;
        // 4 MOVE R0, R3; 5 JUMP ->1; 7 HOLE_RETURN R1, R0
        f.code = {encode(Opcode::HOLE_NEW, 1),
                  encode(Opcode::TEST_GET_LIST, 2, 3, 0),
                  6,
                  encode(Opcode::HOLE_PUT, 1, 2),
                  encode(Opcode::MOVE, 0, 3),
                  encode(Opcode::JUMP),
                  uint32_t(-4),
                  encode(Opcode::HOLE_RETURN, 1, 0)};
        CHECK(checkWindows(f, mod, "f") == "");
    }

    TEST_CASE("twenty atom clauses dispatch through one SELECT_VAL") {
        std::string src = "-module(m).\n-export([f/1]).\n";
        for (int i = 0; i < 20; ++i)
            src +=
                "f(a" + std::to_string(i) + ") -> " + std::to_string(i) + (i == 19 ? ".\n" : ";\n");
        auto c = compileChecked(src);
        const vm::FunctionCode* f = c.fn("f", 1);
        REQUIRE(f);
        CHECK(countOp(*f, vm::Opcode::SELECT_VAL) == 1);
        CHECK(countOp(*f, vm::Opcode::TEST_EQ_K) == 0);
        REQUIRE(f->tables.size() == 1);
        CHECK(f->tables[0].values.size() == 20);
        // Sorted by raw word, so the interpreter may binary-search.
        for (size_t i = 1; i < f->tables[0].values.size(); ++i)
            CHECK(f->tables[0].values[i - 1].raw() < f->tables[0].values[i].raw());
    }

    TEST_CASE("tuple patterns of several arities use SELECT_ARITY, each position tested once") {
        auto c = compileChecked("-module(m).\n-export([f/1]).\n"
                                "f({a, X}) -> X;\n"
                                "f({b, X, Y}) -> X + Y;\n"
                                "f({c, _}) -> c;\n"
                                "f(_) -> none.\n");
        const vm::FunctionCode* f = c.fn("f", 1);
        REQUIRE(f);
        CHECK(countOp(*f, vm::Opcode::SELECT_ARITY) == 1);
        CHECK(countOp(*f, vm::Opcode::TEST_TYPE) == 1);
        // {a,_} and {c,_} share one GET_ELEM of the first element.
        CHECK(countOp(*f, vm::Opcode::GET_ELEM) == 2 + 3);
    }

    TEST_CASE("arguments stay intact for function_clause") {
        auto c = compileChecked("-module(m).\n-export([f/2]).\n"
                                "f({X, Y}, [Z | _]) when X > Y -> Z;\n"
                                "f(A, B) when is_atom(A), B =:= 1 -> ok.\n");
        const vm::FunctionCode* f = c.fn("f", 2);
        REQUIRE(f);
        CHECK(countOp(*f, vm::Opcode::ERROR) == 1);
        CHECK(c.disasm("f", 2).find("function_clause") != std::string::npos);
    }

    TEST_CASE("no live register above a call's base, across many shapes") {
        compileChecked(R"(-module(m).
-export([a/2, b/1, c/1, d/2, e/1]).
a(X, Y) -> {g(X), g(Y), [g(X) | g(Y)], X + g(Y), #{k => g(X)}}.
b(L) -> Z = case L of [H | _] -> g(H); [] -> g(0) end, W = g(Z), {Z, W, g(L)}.
c(X) -> F = fun(Y) -> g(X) + g(Y) end, [F(I) || I <- g(X), I > g(1)].
d(X, Y) -> try g(X) of V -> g(V) + Y catch throw:T -> {T, g(Y)} after g(Y) end.
e(X) -> g(A = g(X), 1), A + (catch g(X)).
g(X) -> X.
g(X, _) -> X.
)");
    }

    TEST_CASE("closures capture free variables and a named fun refers to itself") {
        auto c = compileChecked(
            "-module(m).\n-export([f/1]).\n"
            "f(N) -> K = 2, F = fun Fact(0) -> 1; Fact(I) -> K * I * Fact(I - 1) end, "
            "F(N).\n");
        REQUIRE(c.code->lambdas.size() == 1);
        const vm::FunEntry& fe = *c.code->lambdas[0];
        CHECK(fe.name == "-f/1-fun-0-");
        CHECK(fe.arity == 1);
        CHECK(fe.numFree == 1);
        CHECK(fe.code->frameSize >= 3);
        // Self call through R[arity + numFree] = R2.
        CHECK(c.disasm("-f/1-fun-0-", 1).find("CALL_FUN") != std::string::npos);
        const vm::FunctionCode* f = c.fn("f", 1);
        CHECK(countOp(*f, vm::Opcode::MAKE_FUN) == 1);
        CHECK(countOp(*f, vm::Opcode::TAILCALL_FUN) == 1);
    }

    TEST_CASE("calls: local, remote, apply, funs and BIF fallbacks") {
        auto c =
            compileChecked("-module(m).\n-export([f/3]).\n"
                           "f(M, F, A) -> lists:reverse(A), M:F(A), apply(M, F, [A]), "
                           "apply(F, [A]), erlang:length(A), G = fun lists:sum/1, H = fun f/3, "
                           "{G, H, fun M:F/1}.\n");
        const vm::FunctionCode* f = c.fn("f", 3);
        REQUIRE(f);
        CHECK(countOp(*f, vm::Opcode::APPLY) == 1);
        CHECK(countOp(*f, vm::Opcode::APPLY_LIST) == 1);
        CHECK(countOp(*f, vm::Opcode::APPLY_FUN_LIST) == 1);
        std::string d = c.disasm("f", 3);
        CHECK(d.find("lists:reverse/1") != std::string::npos);
        CHECK(d.find("fun lists:sum/1") != std::string::npos); // export literal
        CHECK(d.find("erlang:make_fun/3") != std::string::npos);
        CHECK(d.find("erlang:length/1") != std::string::npos); // no BIF registered: remote call
    }

    TEST_CASE("guards jump to the next clause instead of raising") {
        auto c = compileChecked("-module(m).\n-export([f/1]).\n"
                                "f(X) when X + 1 > 2; is_atom(X) -> a;\n"
                                "f(X) when not is_integer(X) orelse X < 0 -> b;\n"
                                "f(_) -> c.\n");
        std::string d = c.disasm("f", 1);
        CHECK(d.find("raise") == std::string::npos);
        CHECK(d.find("TEST_TYPE     R0, atom") != std::string::npos);
    }

    TEST_CASE("try/catch/after and catch") {
        auto c = compileChecked("-module(m).\n-export([f/1]).\n"
                                "f(X) -> catch g(X), try g(X) of 1 -> one catch C:R:S -> {C, R, S} "
                                "after g(done) end.\n"
                                "g(X) -> X.\n");
        const vm::FunctionCode* f = c.fn("f", 1);
        CHECK(countOp(*f, vm::Opcode::TRY) == 2);     // the try and its after
        CHECK(countOp(*f, vm::Opcode::TRY_END) == 3); // catch, try body, after
        CHECK(countOp(*f, vm::Opcode::CATCH) == 1);
        CHECK(countOp(*f, vm::Opcode::RAISE) == 2); // unmatched class, after's rethrow
        CHECK(c.disasm("f", 1).find("try_clause") != std::string::npos);
    }

    TEST_CASE("binaries: construction and matching follow the descriptor convention") {
        auto c = compileChecked("-module(m).\n-export([f/1]).\n"
                                "f(<<A:8, B:16/little-signed, \"x\", Rest/binary>>) -> "
                                "<<A, B:16, Rest/binary, \"ok\">>.\n");
        std::string d = c.disasm("f", 1);
        CHECK(d.find("BS_START") != std::string::npos);
        CHECK(d.find("{integer,1,3}") != std::string::npos);
        CHECK(d.find("{binary,8,0}") != std::string::npos);
        CHECK(d.find("BS_BUILD") != std::string::npos);
    }

    TEST_CASE("300 live variables spill past the register budget; small functions do not") {
        std::string src = "-module(m).\n-export([f/0, small/0]).\nf() ->\n";
        std::string list;
        for (int i = 0; i < 300; ++i) {
            src += "  X" + std::to_string(i) + " = g(" + std::to_string(i) + "),\n";
            list += (i ? ", X" : "X") + std::to_string(i);
        }
        src += "  g([" + list + "]).\ng(X) -> X.\n";
        src += "small() ->\n";
        for (int i = 0; i < 150; ++i)
            src += "  Y" + std::to_string(i) + " = g(" + std::to_string(i) + "),\n";
        src += "  {Y0, Y149}.\n";
        auto c = compileChecked(src);
        const vm::FunctionCode* f = c.fn("f", 0);
        CHECK(f->frameSize <= vm::kMaxRegisters);
        CHECK(countOp(*f, vm::Opcode::SPILL_NEW) == 1);
        CHECK(countOp(*f, vm::Opcode::SPILL_PUT) > 100);
        const vm::FunctionCode* small = c.fn("small", 0);
        CHECK(countOp(*small, vm::Opcode::SPILL_NEW) == 0);
        CHECK(countOp(*small, vm::Opcode::SPILL_PUT) == 0);
    }

    TEST_CASE("the 256-register limit is still a clean compile error where nothing spills") {
        // One pattern binding 300 variables: pattern variables keep registers.
        std::string src = "-module(m).\n-export([f/1]).\nf(L) ->\n  [";
        std::string sum;
        for (int i = 0; i < 300; ++i) {
            src += (i ? ", X" : "X") + std::to_string(i);
            sum += (i ? " + X" : "X") + std::to_string(i);
        }
        src += "] = L,\n  " + sum + ".\n";
        Compiled c = compileText(src);
        CHECK(!c.code);
        CHECK(c.diagnostics.find("too large") != std::string::npos);
        CHECK(c.diagnostics.find("256") != std::string::npos);
    }

    TEST_CASE("line table maps raising instructions to their lines") {
        auto c = compileChecked("-module(m).\n-export([f/1]).\n"
                                "f(X) ->\n"
                                "  Y = X + 1,\n"
                                "  Z = Y * 2,\n"
                                "  {Y, Z}.\n");
        const vm::FunctionCode* f = c.fn("f", 1);
        for (uint32_t pc = 0; pc < f->code.size();
             pc += vm::instructionLength(vm::decodeOp(f->code[pc]))) {
            if (vm::decodeOp(f->code[pc]) == vm::Opcode::ADDI) CHECK(f->lineAt(pc) == 4);
            if (vm::decodeOp(f->code[pc]) == vm::Opcode::MULI) CHECK(f->lineAt(pc) == 5);
        }
        CHECK(countOp(*f, vm::Opcode::MULI) == 1);
    }

    TEST_CASE("small literal operands use MULI, REMI, CMPI; one-argument fun calls CALL_FUN1") {
        auto c = compileChecked("-module(m).\n-export([f/1, g/2, h/1]).\n"
                                "f(X) -> (X * 3) rem 2 =:= 0.\n"
                                "g(F, X) -> {F(X)}.\n"
                                "h(X) -> {X * 1000, X rem 0, X > 200}.\n");
        const vm::FunctionCode* f = c.fn("f", 1);
        CHECK(countOp(*f, vm::Opcode::MULI) == 1);
        CHECK(countOp(*f, vm::Opcode::REMI) == 1);
        CHECK(countOp(*f, vm::Opcode::CMPI) == 1);
        CHECK(countOp(*f, vm::Opcode::LOADI) == 0);
        CHECK(countOp(*c.fn("g", 2), vm::Opcode::CALL_FUN1) == 1);
        CHECK(countOp(*c.fn("g", 2), vm::Opcode::MOVE) == 0);
        // Out of the signed-byte range, or rem 0: the generic forms.
        const vm::FunctionCode* h = c.fn("h", 1);
        CHECK(countOp(*h, vm::Opcode::MULI) == 0);
        CHECK(countOp(*h, vm::Opcode::REMI) == 0);
        CHECK(countOp(*h, vm::Opcode::CMPI) == 0);
    }

    TEST_CASE("tail-call arguments already in place are not moved") {
        auto c = compileChecked("-module(m).\n-export([map/3, swap/3]).\n"
                                "map(F, [H | T], Acc) -> map(F, T, [F(H) | Acc]);\n"
                                "map(_, [], Acc) -> Acc.\n"
                                "swap(A, B, 0) -> {A, B};\n"
                                "swap(A, B, N) -> swap(B, A, N - 1).\n");
        // F stays in R0 and the new list is built straight into R2: only T moves.
        const vm::FunctionCode* m = c.fn("map", 3);
        CHECK(countOp(*m, vm::Opcode::MOVE) == 1);
        CHECK(countOp(*m, vm::Opcode::CALL_FUN1) == 1);
        // A cycle (A and B trade places) goes through one temporary: three MOVEs,
        // plus the two that build {A, B} in the first clause; N - 1 lands in R2.
        const vm::FunctionCode* s = c.fn("swap", 3);
        CHECK(countOp(*s, vm::Opcode::MOVE) == 5);
    }

    TEST_CASE("comprehensions become local functions named like erlc's") {
        auto c = compileChecked(
            "-module(m).\n-export([f/2]).\n"
            "f(L, K) -> [{X, Y} || X <- L, X > K, Y <- L], << <<B>> || <<B>> <= <<1,2>> >>.\n");
        // Free variables travel as extra arguments: K and L; then the outer tail, K, L, X.
        CHECK(c.fn("-f/2-lc$^0/1-0-", 3));
        CHECK(c.fn("-f/2-lc$^1/1-0-", 5));
        CHECK(c.fn("-f/2-lc$^2/1-0-", 1));
    }

    TEST_CASE("receive: a peek/match/next loop, accept after the guard, wait with a timeout") {
        auto c =
            compileChecked("-module(m).\n-export([f/1]).\n"
                           "f(T) -> X = receive {a, V} when V > 0 -> V; b -> 0 after T -> -1 end, "
                           "receive Y -> {X, Y} end.\n");
        const vm::FunctionCode* f = c.fn("f", 1);
        REQUIRE(f);
        CHECK(countOp(*f, vm::Opcode::RECV_PEEK) == 2);
        CHECK(countOp(*f, vm::Opcode::RECV_ACCEPT) == 3);
        CHECK(countOp(*f, vm::Opcode::RECV_WAIT) == 2);
        std::string d = c.disasm("f", 1);
        CHECK(d.find("LOADK         R") != std::string::npos);
        CHECK(d.find("infinity") != std::string::npos);
    }

    TEST_CASE("the self check catches malformed code") {
        vm::ModuleCode mod;
        auto fn = std::make_unique<vm::FunctionCode>();
        fn->frameSize = 2;
        fn->code = {vm::encode(vm::Opcode::MOVE, 5, 0), vm::encode(vm::Opcode::JUMP), 7,
                    vm::encode(vm::Opcode::LOADK, 0), 3};
        mod.functions.push_back(std::move(fn));
        std::string problems = compiler::verifyEmitted(mod);
        CHECK(problems.find("register R5") != std::string::npos);
        CHECK(problems.find("bad jump") != std::string::npos);
        CHECK(problems.find("literal index") != std::string::npos);
    }
}
