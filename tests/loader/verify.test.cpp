// The bytecode verifier: each structural rule on a small hand-made function that
// breaks exactly that rule (and the same function without the fault passes).
#include "pfun/loader/verify.h"
#include "pfun/vm/isa.h"
#include "pfun/vm/runtime.h"

#include <doctest/doctest.h>

#include <functional>
#include <string>

using namespace pfun;
using vm::encode;
using vm::Opcode;

namespace {

struct Fixture {
    vm::Runtime rt;
    vm::ModuleCode mod;
    vm::FunctionCode* fn = nullptr;
    vm::CallTarget target;

    Fixture() {
        mod.name = rt.atom("t");
        auto f = std::make_unique<vm::FunctionCode>();
        f->module = mod.name;
        f->name = rt.atom("f");
        f->arity = 1;
        f->frameSize = 4;
        f->literals = {vm::Term::makeSmall(1)};
        target.module = mod.name;
        target.name = rt.atom("g");
        target.arity = 2;
        f->targets = {&target};
        f->bifNames = {{rt.atom("erlang"), rt.atom("abs"), 1}};
        fn = f.get();
        mod.functions.push_back(std::move(f));
        mod.exports = {0};
    }
    std::string check() { return loader::verifyModule(mod); }
};

// A well-formed body using most operand kinds; `patch` breaks one thing.
std::string verifyWith(const std::function<void(Fixture&)>& patch) {
    Fixture fx;
    // The listing:
    //   0 LOADK R1, K0
    //   2 TEST_TYPE R0, integer, ->9
    //   4 BIF R2, R0, 1, abs, raise
    //   7 JUMP ->11
    //   9 MOVE R2, R1
    //  10 RETURN R2        (not an end: falls to 11)
    //  11 CALL R1, 2, g    (R1 and R2 are written on both paths)
    //  13 RETURN R1   (the call's result; R2 is garbage after it)
    fx.fn->code = {encode(Opcode::LOADK, 1),
                   0,
                   encode(Opcode::TEST_TYPE, 0, 0),
                   7,
                   encode(Opcode::BIF, 2, 0, 1),
                   0,
                   0,
                   encode(Opcode::JUMP),
                   4,
                   encode(Opcode::MOVE, 2, 1),
                   encode(Opcode::RETURN, 2),
                   encode(Opcode::CALL, 1, 2),
                   0,
                   encode(Opcode::RETURN, 1)};
    patch(fx);
    return fx.check();
}

} // namespace

TEST_SUITE("verifier") {
    TEST_CASE("the reference function is well formed") {
        CHECK(verifyWith([](Fixture&) {}) == "");
    }

    TEST_CASE("each broken rule is reported with its reason") {
        struct Case {
            const char* what;
            std::function<void(Fixture&)> patch;
            const char* expect;
        };
        const Case cases[] = {
            {"register outside the frame",
             [](Fixture& f) { f.fn->code[9] = encode(Opcode::MOVE, 2, 4); },
             "register R4 outside the frame"},
            {"unknown opcode", [](Fixture& f) { f.fn->code[9] = 0xfe; }, "unknown opcode"},
            {"truncated last instruction",
             [](Fixture& f) {
                 f.fn->code.pop_back();
                 f.fn->code.pop_back();
             },
             "runs past the end"},
            {"falls off the end",
             [](Fixture& f) { f.fn->code.back() = encode(Opcode::MOVE, 2, 1); },
             "falls through past the end"},
            {"jump into the middle of an instruction", [](Fixture& f) { f.fn->code[8] = 5; },
             "bad jump"},
            {"jump to itself", [](Fixture& f) { f.fn->code[8] = 0; }, "bad jump"},
            {"jump outside the function", [](Fixture& f) { f.fn->code[3] = 100; }, "bad jump"},
            {"negative jump before the start", [](Fixture& f) { f.fn->code[3] = uint32_t(-3); },
             "bad jump"},
            {"literal index", [](Fixture& f) { f.fn->code[1] = 1; }, "literal index out of range"},
            {"call target index", [](Fixture& f) { f.fn->code[12] = 1; },
             "call target out of range"},
            {"call arity", [](Fixture& f) { f.fn->code[11] = encode(Opcode::CALL, 1, 1); },
             "1 arguments for a target of arity 2"},
            {"call window",
             [](Fixture& f) {
                 f.fn->code[11] = encode(Opcode::CALL, 3, 2);
                 f.target.arity = 2;
             },
             "register range outside the frame"},
            {"BIF index", [](Fixture& f) { f.fn->code[5] = 1; }, "BIF index out of range"},
            {"BIF arity", [](Fixture& f) { f.fn->code[4] = encode(Opcode::BIF, 2, 0, 2); },
             "2 arguments for a BIF of arity 1"},
            {"unused field", [](Fixture& f) { f.fn->code[7] = encode(Opcode::JUMP, 1); },
             "unused field is not zero"},
            {"type test kind",
             [](Fixture& f) { f.fn->code[2] = encode(Opcode::TEST_TYPE, 0, 200); },
             "unknown type test"},
            {"frame smaller than arity", [](Fixture& f) { f.fn->arity = 5; },
             "frame smaller than the arity"},
            {"frame over the limit", [](Fixture& f) { f.fn->frameSize = 300; }, "register limit"},
            {"no code", [](Fixture& f) { f.fn->code.clear(); }, "no code"},
            {"lambda index",
             [](Fixture& f) {
                 f.fn->code[9] = encode(Opcode::MAKE_FUN, 2, 0);
                 f.fn->code.insert(f.fn->code.begin() + 10, 0);
                 f.fn->code[8] = 5;
             },
             "lambda index out of range"},
            {"export index", [](Fixture& f) { f.mod.exports = {3}; }, "export index out of range"},
            {"line table order",
             [](Fixture& f) {
                 f.fn->lines = {{4, 2}, {2, 1}};
             },
             "line table not sorted"},
            {"lambda body mark", [](Fixture& f) { f.fn->lambdaIndex = 0; },
             "lambda index out of range"},
        };
        for (const Case& c : cases) {
            CAPTURE(c.what);
            std::string problems = verifyWith(c.patch);
            CHECK(problems.find(c.expect) != std::string::npos);
        }
    }

    TEST_CASE("jump tables: lengths and targets") {
        auto withTable = [](std::vector<int32_t> targets, size_t values) {
            return verifyWith([&](Fixture& f) {
                vm::JumpTable t;
                t.values.assign(values, vm::Term::makeSmall(0));
                for (size_t i = 0; i < values; ++i)
                    t.values[i] = vm::Term::makeSmall(int64_t(i));
                t.targets = targets;
                f.fn->tables = {t};
                // 7: SELECT_VAL R0, table 0, else ->11 (replaces JUMP and MOVE)
                f.fn->code[7] = encode(Opcode::SELECT_VAL, 0);
                f.fn->code[8] = 0;
                f.fn->code[9] = 4;
                f.fn->code[3] = 8; // TEST_TYPE's failure now goes to RETURN at 10
                f.fn->code[10] = encode(Opcode::RETURN, 1);
            });
        };
        CHECK(withTable({4, 6}, 2) == "");
        CHECK(withTable({4}, 2).find("jump table malformed") != std::string::npos);
        CHECK(withTable({4, 5}, 2).find("jump table target not an instruction") !=
              std::string::npos);
        CHECK(withTable({4, 0}, 2).find("jump table target not an instruction") !=
              std::string::npos);
    }

    TEST_CASE("lambdas: table and body agree, frame holds arguments, free values and self") {
        Fixture fx;
        fx.fn->code = {encode(Opcode::LOADNIL, 2), encode(Opcode::LOADNIL, 3),
                       encode(Opcode::MAKE_FUN, 1, 2), 0, encode(Opcode::RETURN, 1)};
        auto body = std::make_unique<vm::FunctionCode>();
        body->module = fx.mod.name;
        body->name = fx.rt.atom("-f/1-fun-0-");
        body->arity = 3;
        body->frameSize = 4;
        body->lambdaIndex = 0;
        body->code = {encode(Opcode::RETURN, 0)};
        auto entry = std::make_unique<vm::FunEntry>();
        entry->code = body.get();
        entry->arity = 1;
        entry->numFree = 2;
        fx.mod.functions.push_back(std::move(body));
        fx.mod.lambdas.push_back(std::move(entry));
        CHECK(fx.check() == "");
        fx.mod.lambdas[0]->numFree = 3; // 1 + 3 + self > 4, and R2..R4 outside f's frame
        std::string p = fx.check();
        CHECK(p.find("frame too small") != std::string::npos);
        CHECK(p.find("MAKE_FUN: register range outside the frame") != std::string::npos);
        fx.mod.lambdas[0]->numFree = 2;
        fx.mod.functions[1]->lambdaIndex = -1;
        CHECK(fx.check().find("body is not marked") != std::string::npos);
    }

    TEST_CASE("data flow: registers are written before they are read, on every path") {
        auto run = [](std::vector<uint32_t> code, uint32_t arity = 1) {
            Fixture fx;
            fx.fn->arity = arity;
            fx.fn->code = std::move(code);
            return fx.check();
        };
        // R1 is written on one path only.
        CHECK(run({encode(Opcode::TEST_TYPE, 0, 0), 3, encode(Opcode::LOADNIL, 1),
                   encode(Opcode::RETURN, 1)})
                  .find("R1 may be read before it is written") != std::string::npos);
        CHECK(run({encode(Opcode::TEST_TYPE, 0, 0), 4, encode(Opcode::LOADNIL, 1),
                   encode(Opcode::RETURN, 1), encode(Opcode::RETURN, 0)}) == "");
        // A call leaves garbage above its result register.
        CHECK(run({encode(Opcode::LOADNIL, 2), encode(Opcode::MOVE, 1, 0),
                   encode(Opcode::CALL, 0, 2), 0, encode(Opcode::RETURN, 2)})
                  .find("R2 may be read before it is written") != std::string::npos);
        // Arguments are written at entry; registers above them are not.
        CHECK(run({encode(Opcode::RETURN, 1)}, 2) == "");
        CHECK(run({encode(Opcode::RETURN, 1)}, 1).find("R1 may be read") != std::string::npos);
    }

    TEST_CASE("data flow: decomposition needs the shape a test established") {
        auto run = [](std::vector<uint32_t> code) {
            Fixture fx;
            fx.fn->code = std::move(code);
            return fx.check();
        };
        CHECK(run({encode(Opcode::GET_HD, 1, 0), encode(Opcode::RETURN, 1)})
                  .find("R0 is not known to be a list cell") != std::string::npos);
        CHECK(run({encode(Opcode::TEST_TYPE, 0, uint32_t(vm::TypeTest::Cons)), 4,
                   encode(Opcode::GET_HD, 1, 0), encode(Opcode::RETURN, 1),
                   encode(Opcode::RETURN, 0)}) == "");
        // TEST_ARITY 2 allows elements 0 and 1, not 2.
        auto arity = [&](uint32_t element) {
            return run({encode(Opcode::TEST_ARITY, 0), 2, 6, encode(Opcode::GET_ELEM, 1, 0),
                        element, encode(Opcode::RETURN, 1), encode(Opcode::RETURN, 0)});
        };
        CHECK(arity(1) == "");
        CHECK(arity(2).find("not known to be a tuple with element 2") != std::string::npos);
        // A test's failure edge does not carry the fact.
        CHECK(run({encode(Opcode::TEST_TYPE, 0, uint32_t(vm::TypeTest::Cons)), 3,
                   encode(Opcode::RETURN, 0), encode(Opcode::GET_TL, 1, 0),
                   encode(Opcode::RETURN, 1)})
                  .find("not known to be a list cell") != std::string::npos);
    }

    TEST_CASE("data flow: exception handlers nest and do not outlive the frame") {
        auto run = [](std::vector<uint32_t> code) {
            Fixture fx;
            fx.fn->code = std::move(code);
            return fx.check();
        };
        // 0 TRY R1, ->5; 2 MOVE R0, R0; 3 TRY_END; 4 RETURN R0; 5 RETURN R2 (the reason)
        CHECK(run({encode(Opcode::TRY, 1), 5, encode(Opcode::MOVE, 0, 0), encode(Opcode::TRY_END),
                   encode(Opcode::RETURN, 0), encode(Opcode::RETURN, 2)}) == "");
        CHECK(run({encode(Opcode::TRY_END), encode(Opcode::RETURN, 0)})
                  .find("no exception handler to pop") != std::string::npos);
        CHECK(run({encode(Opcode::TRY, 1), 3, encode(Opcode::RETURN, 0), encode(Opcode::RETURN, 2)})
                  .find("leaves the function with an exception handler pushed") !=
              std::string::npos);
        // The handler's registers are written only at the handler.
        CHECK(run({encode(Opcode::TRY, 1), 4, encode(Opcode::TRY_END), encode(Opcode::RETURN, 2),
                   encode(Opcode::RETURN, 2)})
                  .find("R2 may be read before it is written") != std::string::npos);
    }

    TEST_CASE("data flow: TEST_GET_LIST writes only on success, where its list is a cell") {
        auto run = [](std::vector<uint32_t> code) {
            Fixture fx;
            fx.fn->code = std::move(code);
            return fx.check();
        };
        // 0 TEST_GET_LIST R1, R2, R0, ->4; 2 GET_HD R3, R0; 3 RETURN R3; 4 RETURN R0
        CHECK(run({encode(Opcode::TEST_GET_LIST, 1, 2, 0), 4, encode(Opcode::GET_HD, 3, 0),
                   encode(Opcode::RETURN, 3), encode(Opcode::RETURN, 0)}) == "");
        // The failure edge has not written R1.
        CHECK(run({encode(Opcode::TEST_GET_LIST, 1, 2, 0), 3, encode(Opcode::RETURN, 1),
                   encode(Opcode::RETURN, 1)})
                  .find("R1 may be read before it is written") != std::string::npos);
        // Its list register overwritten by the tail is no longer known to be a cell.
        CHECK(run({encode(Opcode::TEST_GET_LIST, 1, 0, 0), 4, encode(Opcode::GET_HD, 3, 0),
                   encode(Opcode::RETURN, 3), encode(Opcode::RETURN, 0)})
                  .find("R0 is not known to be a list cell") != std::string::npos);
    }

    TEST_CASE("data flow: a list builder is used only by HOLE_PUT and HOLE_RETURN") {
        auto run = [](std::vector<uint32_t> code) {
            Fixture fx;
            fx.fn->literals = {fx.rt.atom("x")};
            fx.fn->code = std::move(code);
            return fx.check();
        };
        const std::string onlyHole = "is a list builder: only HOLE_PUT and HOLE_RETURN";
        // 0 HOLE_NEW R1; 1 HOLE_PUT R1, R0; 2 HOLE_RETURN R1, R0
        CHECK(run({encode(Opcode::HOLE_NEW, 1), encode(Opcode::HOLE_PUT, 1, 0),
                   encode(Opcode::HOLE_RETURN, 1, 0)}) == "");
        // The loop the compiler makes: 0 HOLE_NEW R1; 1 TEST_TYPE R0, cons, ->8;
        // 3 GET_LIST R2, R3, R0; 4 HOLE_PUT R1, R2; 5 MOVE R0, R3; 6 JUMP ->1;
        // 8 HOLE_RETURN R1, R0
        CHECK(run({encode(Opcode::HOLE_NEW, 1),
                   encode(Opcode::TEST_TYPE, 0, uint32_t(vm::TypeTest::Cons)), 7,
                   encode(Opcode::GET_LIST, 2, 3, 0), encode(Opcode::HOLE_PUT, 1, 2),
                   encode(Opcode::MOVE, 0, 3), encode(Opcode::JUMP), uint32_t(-5),
                   encode(Opcode::HOLE_RETURN, 1, 0)}) == "");
        // Any other read lets the builder (and its unfinished cells) escape.
        CHECK(run({encode(Opcode::HOLE_NEW, 1), encode(Opcode::RETURN, 1)}).find(onlyHole) !=
              std::string::npos);
        CHECK(run({encode(Opcode::HOLE_NEW, 1), encode(Opcode::MOVE, 2, 1),
                   encode(Opcode::HOLE_RETURN, 2, 0)})
                  .find(onlyHole) != std::string::npos);
        CHECK(run({encode(Opcode::HOLE_NEW, 1), encode(Opcode::CONS, 2, 1, 0),
                   encode(Opcode::RETURN, 2)})
                  .find(onlyHole) != std::string::npos);
        CHECK(run({encode(Opcode::HOLE_NEW, 1), encode(Opcode::CALL, 0, 2), 0,
                   encode(Opcode::RETURN, 0)})
                  .find(onlyHole) != std::string::npos);
        // Its own element: HOLE_PUT R1, R1 would make the list contain itself.
        CHECK(run({encode(Opcode::HOLE_NEW, 1), encode(Opcode::HOLE_PUT, 1, 1),
                   encode(Opcode::HOLE_RETURN, 1, 0)})
                  .find(onlyHole) != std::string::npos);
        CHECK(
            run({encode(Opcode::HOLE_NEW, 1), encode(Opcode::HOLE_RETURN, 1, 1)}).find(onlyHole) !=
            std::string::npos);
        // function_clause reports the arguments: a builder there would escape too.
        CHECK(run({encode(Opcode::HOLE_NEW, 0),
                   encode(Opcode::ERROR, 0, uint32_t(vm::ErrorKind::FunctionClause))})
                  .find(onlyHole) != std::string::npos);
        // HOLE_PUT and HOLE_RETURN write only into a builder of this frame: not into
        // an argument, a literal list or a cell made by CONS (shared, immutable).
        CHECK(run({encode(Opcode::HOLE_PUT, 0, 0), encode(Opcode::RETURN, 0)})
                  .find("R0 is not known to be a list builder") != std::string::npos);
        CHECK(run({encode(Opcode::CONS, 1, 0, 0), encode(Opcode::HOLE_RETURN, 1, 0)})
                  .find("R1 is not known to be a list builder") != std::string::npos);
        // Builder on one path, a term on the other: neither afterwards. The term
        // path reaches the join first (the work list takes the fall-through first):
        // 0 TEST_TYPE R0, cons, ->5; 2 LOADNIL R1; 3 JUMP ->6; 5 HOLE_NEW R1;
        // 6 MOVE R2, R0; 7 (use R1)
        auto joined = [&](Opcode use, uint32_t b) {
            return run({encode(Opcode::TEST_TYPE, 0, uint32_t(vm::TypeTest::Cons)), 5,
                        encode(Opcode::LOADNIL, 1), encode(Opcode::JUMP), 3,
                        encode(Opcode::HOLE_NEW, 1), encode(Opcode::MOVE, 2, 0),
                        encode(use, 1, b)});
        };
        CHECK(joined(Opcode::RETURN, 0).find("R1 may be read before it is written") !=
              std::string::npos);
        CHECK(joined(Opcode::HOLE_RETURN, 0) != "");
        // HOLE_RETURN leaves the function: not with a handler of this frame pushed.
        CHECK(run({encode(Opcode::HOLE_NEW, 3), encode(Opcode::TRY, 0), 3,
                   encode(Opcode::HOLE_RETURN, 3, 0), encode(Opcode::RETURN, 1)})
                  .find("leaves the function with an exception handler pushed") !=
              std::string::npos);
    }

    TEST_CASE("data flow: SPILL_PUT writes only into a spill area of this frame") {
        auto run = [](std::vector<uint32_t> code) {
            Fixture fx;
            fx.fn->literals = {fx.rt.atom("x")};
            fx.fn->code = std::move(code);
            return fx.check();
        };
        // 0 SPILL_NEW R1, 3; 2 SPILL_PUT R1, R0, 2; 4 GET_ELEM R2, R1, 2; 6 RETURN R2
        CHECK(run({encode(Opcode::SPILL_NEW, 1), 3, encode(Opcode::SPILL_PUT, 1, 0), 2,
                   encode(Opcode::GET_ELEM, 2, 1), 2, encode(Opcode::RETURN, 2)}) == "");
        CHECK(run({encode(Opcode::SPILL_NEW, 1), 3, encode(Opcode::SPILL_PUT, 1, 0), 3,
                   encode(Opcode::RETURN, 1)})
                  .find("not known to be a spill area with element 3") != std::string::npos);
        // A tuple that is not a spill area (here: built by TUPLE) is never written.
        CHECK(run({encode(Opcode::MOVE, 1, 0), encode(Opcode::TUPLE, 2, 0, 2),
                   encode(Opcode::SPILL_PUT, 2, 0), 0, encode(Opcode::RETURN, 2)})
                  .find("not known to be a spill area") != std::string::npos);
        CHECK(run({encode(Opcode::SPILL_NEW, 1), 100000, encode(Opcode::RETURN, 1)})
                  .find("spill area too large") != std::string::npos);
    }
}
