#include "code_builder.h"

#include "pfun/vm/compare.h"
#include "pfun/vm/construct.h"
#include "pfun/vm/exception.h"
#include "pfun/vm/interpreter.h"
#include "pfun/vm/number.h"
#include "pfun/vm/process.h"
#include "pfun/vm/runtime.h"
#include "pfun/vm/signals.h"

#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include <string>

using namespace pfun::vm;
using namespace pfun::vm::testing;
using O = Opcode;

namespace {

Term testThrow(Process& p, const Term* a) {
    return p.raise(ExceptionClass::Throw, a[0]);
}
Term testError(Process& p, const Term* a) {
    return p.raise(ExceptionClass::Error, a[0]);
}
Term testExit(Process& p, const Term* a) {
    return p.raise(ExceptionClass::Exit, a[0]);
}
// test:pos(X): X when X >= 0, else badarg.
Term testPos(Process& p, const Term* a) {
    if (a[0].isSmall() && a[0].small() >= 0) return a[0];
    return p.badarg();
}

struct Vm {
    Runtime rt;
    Vm() {
        rt.bifs().add(atoms::kErlang, atoms::kThrow, 1, testThrow);
        rt.bifs().add(atoms::kErlang, atoms::kError, 1, testError);
        rt.bifs().add(atoms::kErlang, atoms::kExit, 1, testExit);
        rt.bifs().add(rt.atom("test"), rt.atom("pos"), 1, testPos, true);
    }
    Term a(std::string_view name) { return rt.atom(name); }
};

std::string str(Term t) {
    return t.isInteger() ? integerToString(t) : "?";
}
Term sm(int64_t v) {
    return Term::makeSmall(v);
}

int64_t listSum(Term l) {
    int64_t s = 0;
    for (; l.isList(); l = l.tail())
        s += l.head().small();
    return s;
}

// m:fib/1, the naive doubly recursive one.
void addFib(ModuleBuilder& mb) {
    auto& f = mb.function("fib", 1, 3);
    auto rec = f.label();
    uint32_t self = f.target("m", "fib", 1);
    f.op(O::LOADI, 1, 0, 0, {2});
    f.op(O::TEST_CMP, 0, 1, uint32_t(CmpKind::Lt), {rec});
    f.op(O::RETURN, 0);
    f.bind(rec);
    f.op(O::ADDI, 1, 0, uint32_t(-1) & 0xff, {0});
    f.op(O::CALL, 1, 1, 0, {self});
    f.op(O::ADDI, 2, 0, uint32_t(-2) & 0xff, {0});
    f.op(O::CALL, 2, 1, 0, {self});
    f.op(O::ADD, 0, 1, 2, {0});
    f.op(O::RETURN, 0);
}

// m:loop(N, Acc): tail-recursive sum of N..1.
void addLoop(ModuleBuilder& mb) {
    auto& f = mb.function("loop", 2, 3);
    auto go = f.label();
    f.op(O::LOADI, 2, 0, 0, {0});
    f.op(O::TEST_CMP, 0, 2, uint32_t(CmpKind::Eq), {go});
    f.op(O::RETURN, 1);
    f.bind(go);
    f.op(O::ADD, 1, 1, 0, {0});
    f.op(O::ADDI, 0, 0, uint32_t(-1) & 0xff, {0});
    f.op(O::TAILCALL, 0, 2, 0, {f.target("m", "loop", 2)});
}

// m:deep(N) -> 0 when N == 0; 1 + deep(N - 1).
void addDeep(ModuleBuilder& mb) {
    auto& f = mb.function("deep", 1, 2);
    auto rec = f.label();
    f.op(O::LOADI, 1, 0, 0, {0});
    f.op(O::TEST_CMP, 0, 1, uint32_t(CmpKind::Eq), {rec});
    f.op(O::RETURN, 0);
    f.bind(rec);
    f.op(O::ADDI, 1, 0, uint32_t(-1) & 0xff, {0});
    f.op(O::CALL, 1, 1, 0, {f.target("m", "deep", 1)});
    f.op(O::ADDI, 0, 1, 1, {0});
    f.op(O::RETURN, 0);
}

// m:build(N) -> [N | build(N - 1)], [] at 0 (non-tail, allocating).
// m:sum(L, Acc) tail-recursive. m:work(N) -> sum(map(+1 closure, build(N))).
void addLists(ModuleBuilder& mb) {
    {
        auto& f = mb.function("build", 1, 3);
        auto rec = f.label();
        f.op(O::LOADI, 1, 0, 0, {0});
        f.op(O::TEST_CMP, 0, 1, uint32_t(CmpKind::Eq), {rec});
        f.op(O::LOADNIL, 0);
        f.op(O::RETURN, 0);
        f.bind(rec);
        f.op(O::ADDI, 1, 0, uint32_t(-1) & 0xff, {0});
        f.op(O::CALL, 1, 1, 0, {f.target("m", "build", 1)});
        // a tuple that becomes garbage, to give the collector work
        f.op(O::TUPLE, 2, 0, 2);
        f.op(O::CONS, 0, 0, 1);
        f.op(O::RETURN, 0);
    }
    {
        auto& f = mb.function("sum", 2, 3);
        auto cons = f.label();
        f.op(O::TEST_TYPE, 0, uint32_t(TypeTest::Nil), 0, {cons});
        f.op(O::RETURN, 1);
        f.bind(cons);
        f.op(O::GET_LIST, 2, 0, 0);
        f.op(O::ADD, 1, 1, 2, {0});
        f.op(O::TAILCALL, 0, 2, 0, {f.target("m", "sum", 2)});
    }
    auto [lam, lamIndex] = mb.lambda("-work/1-fun-0-", 1, 1, 3);
    lam->op(O::ADD, 0, 0, 1, {0}); // X + Captured
    lam->op(O::RETURN, 0);
    {
        // map(F, [H|T]) -> [F(H) | map(F, T)]; map(_, []) -> [].
        auto& f = mb.function("map", 2, 5);
        auto cons = f.label();
        f.op(O::TEST_TYPE, 1, uint32_t(TypeTest::Nil), 0, {cons});
        f.op(O::RETURN, 1);
        f.bind(cons);
        f.op(O::GET_LIST, 2, 3, 1); // R2 = H, R3 = T
        f.op(O::MOVE, 1, 3);        // R1 = T
        f.op(O::MOVE, 3, 0);        // R3 = F
        f.op(O::MOVE, 4, 2);        // R4 = H
        f.op(O::CALL_FUN, 3, 1);    // R3 = F(H)
        f.op(O::MOVE, 2, 3);        // R2 = F(H)
        f.op(O::MOVE, 3, 0);
        f.op(O::MOVE, 4, 1);
        f.op(O::CALL, 3, 2, 0, {f.target("m", "map", 2)}); // R3 = map(F, T)
        f.op(O::CONS, 0, 2, 3);
        f.op(O::RETURN, 0);
    }
    {
        auto& f = mb.function("work", 1, 4);
        f.op(O::LOADI, 1, 0, 0, {1});
        f.op(O::MAKE_FUN, 2, 1, 0, {lamIndex}); // fun(X) -> X + 1 end
        f.op(O::MOVE, 3, 0);
        f.op(O::CALL, 3, 1, 0, {f.target("m", "build", 1)}); // R3 = build(N)
        f.op(O::MOVE, 1, 2);                                 // R1 = F
        f.op(O::MOVE, 2, 3);                                 // R2 = L
        f.op(O::CALL, 1, 2, 0, {f.target("m", "map", 2)});   // R1 = map(F, L)
        f.op(O::LOADI, 2, 0, 0, {0});
        f.op(O::TAILCALL, 1, 2, 0, {f.target("m", "sum", 2)});
    }
}

} // namespace

TEST_SUITE("interpreter") {

    TEST_CASE("small arithmetic overflows into bignums and fails with badarith") {
        Vm vm;
        ModuleBuilder mb(vm.rt, "m");
        auto& add = mb.function("add", 2, 2);
        add.line(4).op(O::ADD, 0, 0, 1, {0}).op(O::RETURN, 0);
        auto& mul = mb.function("mul", 2, 2);
        mul.op(O::MUL, 0, 0, 1, {0}).op(O::RETURN, 0);
        auto& sub = mb.function("sub", 2, 2);
        sub.op(O::SUB, 0, 0, 1, {0}).op(O::RETURN, 0);
        const ModuleCode* m = mb.load();
        REQUIRE(m);
        Process p(vm.rt);
        Term args[2] = {sm(Term::kSmallMax), sm(1)};
        auto r = callFunction(p, findFunction(m, vm.rt, "add", 2), args);
        REQUIRE(r.ok);
        CHECK(str(r.value) == "4611686018427387904");
        Term args2[2] = {sm(int64_t(1) << 40), sm(int64_t(1) << 40)};
        r = callFunction(p, findFunction(m, vm.rt, "mul", 2), args2);
        REQUIRE(r.ok);
        CHECK(str(r.value) == "1208925819614629174706176");
        Term args3[2] = {sm(Term::kSmallMin), sm(1)};
        r = callFunction(p, findFunction(m, vm.rt, "sub", 2), args3);
        REQUIRE(r.ok);
        CHECK(str(r.value) == "-4611686018427387905");
        Term args4[2] = {sm(3), sm(-5)};
        r = callFunction(p, findFunction(m, vm.rt, "add", 2), args4);
        REQUIRE(r.ok);
        CHECK(r.value == sm(-2));

        Term bad[2] = {sm(1), vm.a("foo")};
        r = callFunction(p, findFunction(m, vm.rt, "add", 2), bad);
        REQUIRE_FALSE(r.ok);
        CHECK(r.cls == ExceptionClass::Error);
        CHECK(r.reason == atoms::kBadarith);
        // [{erlang, '+', [1, foo], []}, {m, add, 2, [{file, "m.erl"}, {line, 4}]}]
        REQUIRE(r.stacktrace.isList());
        Term top = r.stacktrace.head();
        CHECK(top.element(0) == atoms::kErlang);
        CHECK(top.element(1) == atoms::kPlus);
        CHECK(top.element(2).head() == sm(1));
        Term second = r.stacktrace.tail().head();
        CHECK(second.element(1) == vm.a("add"));
        CHECK(second.element(2) == sm(2));
        Term loc = second.element(3);
        REQUIRE(loc.isList());
        CHECK(loc.tail().head().element(1) == sm(4));
    }

    TEST_CASE("naive fib") {
        Vm vm;
        ModuleBuilder mb(vm.rt, "m");
        addFib(mb);
        const ModuleCode* m = mb.load();
        REQUIRE(m);
        Process p(vm.rt);
        Term n = sm(25);
        auto r = callFunction(p, findFunction(m, vm.rt, "fib", 1), {&n, 1});
        REQUIRE(r.ok);
        CHECK(r.value == sm(75025));
        CHECK(p.frameDepth() == 0);
    }

    TEST_CASE("a tail-recursive loop of 10M steps runs in constant stack") {
        Vm vm;
        ModuleBuilder mb(vm.rt, "m");
        addLoop(mb);
        const ModuleCode* m = mb.load();
        REQUIRE(m);
        Process p(vm.rt);
        Term args[2] = {sm(10'000'000), sm(0)};
        auto r = callFunction(p, findFunction(m, vm.rt, "loop", 2), args);
        REQUIRE(r.ok);
        CHECK(r.value == sm(50'000'005'000'000));
        CHECK(p.stackHigh() <= 8);
        CHECK(p.stackCapacity() <= 1024);
    }

    TEST_CASE("1,000,000-deep non-tail recursion") {
        Vm vm;
        ModuleBuilder mb(vm.rt, "m");
        addDeep(mb);
        const ModuleCode* m = mb.load();
        REQUIRE(m);
        Process p(vm.rt);
        Term n = sm(1'000'000);
        auto r = callFunction(p, findFunction(m, vm.rt, "deep", 1), {&n, 1});
        REQUIRE(r.ok);
        CHECK(r.value == sm(1'000'000));
        CHECK(p.frameDepth() == 0);

        // Past the frame limit: system_limit, not a crash.
        p.setMaxFrames(10'000);
        Term big = sm(50'000);
        r = callFunction(p, findFunction(m, vm.rt, "deep", 1), {&big, 1});
        REQUIRE_FALSE(r.ok);
        CHECK(r.reason == atoms::kSystemLimit);
        CHECK(p.frameDepth() == 0);
    }

    TEST_CASE("closures capture values and refer to themselves") {
        Vm vm;
        ModuleBuilder mb(vm.rt, "m");
        auto [adder, adderIx] = mb.lambda("-make_adder/1-fun-0-", 1, 1, 2);
        adder->op(O::ADD, 0, 0, 1, {0}).op(O::RETURN, 0);
        auto& mk = mb.function("make_adder", 1, 2);
        mk.op(O::MAKE_FUN, 1, 0, 0, {adderIx}).op(O::RETURN, 1);
        auto& use = mb.function("use", 0, 2);
        use.op(O::LOADI, 0, 0, 0, {10});
        use.op(O::CALL, 0, 1, 0, {use.target("m", "make_adder", 1)});
        use.op(O::LOADI, 1, 0, 0, {5});
        use.op(O::CALL_FUN, 0, 1);
        use.op(O::RETURN, 0);

        // fact = fun Fact(0) -> 1; Fact(N) -> N * Fact(N - 1) end
        auto [fact, factIx] = mb.lambda("-fact/0-fun-0-", 1, 0, 4);
        auto rec = fact->label();
        fact->op(O::LOADI, 2, 0, 0, {0});
        fact->op(O::TEST_CMP, 0, 2, uint32_t(CmpKind::Eq), {rec});
        fact->op(O::LOADI, 0, 0, 0, {1});
        fact->op(O::RETURN, 0);
        fact->bind(rec);
        fact->op(O::MOVE, 2, 1); // the fun itself, in R[arity + numFree]
        fact->op(O::ADDI, 3, 0, uint32_t(-1) & 0xff, {0});
        fact->op(O::CALL_FUN, 2, 1);
        fact->op(O::MUL, 0, 0, 2, {0});
        fact->op(O::RETURN, 0);
        auto& mkFact = mb.function("fact", 0, 1);
        mkFact.op(O::MAKE_FUN, 0, 0, 0, {factIx}).op(O::RETURN, 0);

        const ModuleCode* m = mb.load();
        REQUIRE(m);
        Process p(vm.rt);
        auto r = callFunction(p, findFunction(m, vm.rt, "use", 0), {});
        REQUIRE(r.ok);
        CHECK(r.value == sm(15));

        r = callFunction(p, findFunction(m, vm.rt, "fact", 0), {});
        REQUIRE(r.ok);
        Term f = r.value;
        CHECK(f.isFun());
        Term n = sm(25);
        r = callFun(p, f, {&n, 1});
        REQUIRE(r.ok);
        CHECK(str(r.value) == "15511210043330985984000000");

        // badarity and badfun
        Term two[2] = {sm(1), sm(2)};
        r = callFun(p, f, two);
        REQUIRE_FALSE(r.ok);
        CHECK(r.reason.isTuple());
        CHECK(r.reason.element(0) == atoms::kBadarity);
        r = callFun(p, vm.a("nofun"), {&n, 1});
        REQUIRE_FALSE(r.ok);
        CHECK(r.reason.element(0) == atoms::kBadfun);
        CHECK(r.reason.element(1) == vm.a("nofun"));
    }

    TEST_CASE("try, catch and rethrow") {
        Vm vm;
        ModuleBuilder mb(vm.rt, "m");
        // raise(Kind, X): Kind is error | exit | throw, through the BIF instruction.
        {
            auto& f = mb.function("raise", 2, 2);
            auto lError = f.label(), lExit = f.label(), lThrow = f.label(), lOther = f.label();
            uint32_t t =
                f.table({{vm.a("error"), lError}, {vm.a("exit"), lExit}, {vm.a("throw"), lThrow}});
            f.line(7);
            f.tableAt(t);
            f.op(O::SELECT_VAL, 0, 0, 0, {t, lOther});
            f.bind(lError);
            f.op(O::BIF, 0, 1, 1, {f.bif("erlang", "error", 1), 0});
            f.bind(lExit);
            f.op(O::BIF, 0, 1, 1, {f.bif("erlang", "exit", 1), 0});
            f.bind(lThrow);
            f.op(O::CALL, 1, 1, 0, {f.target("erlang", "throw", 1)}); // via the export slot
            f.op(O::RETURN, 1);
            f.bind(lOther);
            f.op(O::RETURN, 1);
        }
        // catch_it(Kind, X) -> catch raise(Kind, X).
        {
            auto& f = mb.function("catch_it", 2, 4);
            auto done = f.label();
            f.op(O::MOVE, 2, 0).op(O::MOVE, 3, 1);
            f.op(O::CATCH, 0, 0, 0, {done});
            f.op(O::CALL, 2, 2, 0, {f.target("m", "raise", 2)});
            f.op(O::TRY_END);
            f.op(O::MOVE, 0, 2);
            f.bind(done);
            f.op(O::RETURN, 0);
        }
        // try_it(Kind, X) -> try raise(Kind, X) catch C:R:S -> {C, R, S} end.
        {
            auto& f = mb.function("try_it", 2, 5);
            auto handler = f.label();
            f.op(O::MOVE, 3, 0).op(O::MOVE, 4, 1);
            f.op(O::TRY, 0, 0, 0, {handler});
            f.op(O::CALL, 3, 2, 0, {f.target("m", "raise", 2)});
            f.op(O::TRY_END);
            f.op(O::RETURN, 3);
            f.bind(handler);
            f.op(O::TUPLE, 0, 0, 3);
            f.op(O::RETURN, 0);
        }
        // rethrow(Kind, X) -> try raise(Kind, X) catch C:R:S -> erlang:raise(C, R, S) end.
        {
            auto& f = mb.function("rethrow", 2, 5);
            auto handler = f.label();
            f.op(O::MOVE, 3, 0).op(O::MOVE, 4, 1);
            f.op(O::TRY, 0, 0, 0, {handler});
            f.op(O::CALL, 3, 2, 0, {f.target("m", "raise", 2)});
            f.op(O::TRY_END);
            f.op(O::RETURN, 3);
            f.bind(handler);
            f.op(O::RAISE, 0, 1, 2);
        }
        const ModuleCode* m = mb.load();
        REQUIRE(m);
        Process p(vm.rt);
        auto call = [&](const char* fn, const char* kind, Term x) {
            Term args[2] = {vm.a(kind), x};
            return callFunction(p, findFunction(m, vm.rt, fn, 2), args);
        };

        auto r = call("catch_it", "throw", vm.a("ball"));
        REQUIRE(r.ok);
        CHECK(r.value == vm.a("ball"));
        r = call("catch_it", "exit", vm.a("bye"));
        REQUIRE(r.ok);
        CHECK(r.value.element(0) == atoms::kEXIT);
        CHECK(r.value.element(1) == vm.a("bye"));
        r = call("catch_it", "error", vm.a("oops"));
        REQUIRE(r.ok);
        CHECK(r.value.element(0) == atoms::kEXIT);
        Term inner = r.value.element(1);
        CHECK(inner.element(0) == vm.a("oops"));
        // error/1 raises "from" its caller: the top entry is m:raise/2 at line 7.
        Term top = inner.element(1).head();
        CHECK(top.element(0) == vm.a("m"));
        CHECK(top.element(1) == vm.a("raise"));
        CHECK(top.element(2) == sm(2));
        r = call("catch_it", "none", sm(3));
        REQUIRE(r.ok);
        CHECK(r.value == sm(3));

        r = call("try_it", "throw", sm(42));
        REQUIRE(r.ok);
        CHECK(r.value.element(0) == atoms::kThrow);
        CHECK(r.value.element(1) == sm(42));
        CHECK(r.value.element(2).isList());
        r = call("try_it", "exit", sm(1));
        REQUIRE(r.ok);
        CHECK(r.value.element(0) == atoms::kExit);
        CHECK(p.handlers.empty());

        // The re-raised exception keeps the original class, reason and stacktrace.
        r = call("rethrow", "error", vm.a("deep"));
        REQUIRE_FALSE(r.ok);
        CHECK(r.cls == ExceptionClass::Error);
        CHECK(r.reason == vm.a("deep"));
        CHECK(r.stacktrace.head().element(1) == vm.a("raise"));
        CHECK(r.stacktrace.tail().head().element(1) == vm.a("rethrow"));
        CHECK(p.frameDepth() == 0);
        CHECK(p.handlers.empty());
    }

    TEST_CASE("function_clause puts the arguments in the top stacktrace entry") {
        Vm vm;
        ModuleBuilder mb(vm.rt, "m");
        auto& f = mb.function("f", 2, 2);
        auto fail = f.label();
        f.line(3);
        f.op(O::TEST_TYPE, 0, uint32_t(TypeTest::Integer), 0, {fail});
        f.op(O::RETURN, 0);
        f.bind(fail);
        f.op(O::ERROR, 0, uint32_t(ErrorKind::FunctionClause));
        auto& g = mb.function("g", 0, 2);
        g.line(9);
        g.op(O::LOADK, 0, 0, 0, {g.atom("x")});
        g.op(O::LOADI, 1, 0, 0, {7});
        g.op(O::CALL, 0, 2, 0, {g.target("m", "f", 2)});
        g.op(O::RETURN, 0);
        const ModuleCode* m = mb.load();
        REQUIRE(m);
        Process p(vm.rt);
        auto r = callFunction(p, findFunction(m, vm.rt, "g", 0), {});
        REQUIRE_FALSE(r.ok);
        CHECK(r.reason == atoms::kFunctionClause);
        Term top = r.stacktrace.head();
        CHECK(top.element(1) == vm.a("f"));
        Term args = top.element(2);
        REQUIRE(args.isList());
        CHECK(args.head() == vm.a("x"));
        CHECK(args.tail().head() == sm(7));
        CHECK(top.element(3).tail().head().element(1) == sm(3));
        Term caller = r.stacktrace.tail().head();
        CHECK(caller.element(1) == vm.a("g"));
        CHECK(caller.element(2) == sm(0));
        CHECK(caller.element(3).tail().head().element(1) == sm(9));
    }

    TEST_CASE("a failing BIF jumps in a guard and raises in a body") {
        Vm vm;
        ModuleBuilder mb(vm.rt, "m");
        auto& guard = mb.function("guard", 1, 2);
        auto neg = guard.label();
        guard.op(O::BIF, 1, 0, 1, {guard.bif("test", "pos", 1), neg});
        guard.op(O::RETURN, 1);
        guard.bind(neg);
        guard.op(O::LOADK, 0, 0, 0, {guard.atom("negative")});
        guard.op(O::RETURN, 0);
        auto& body = mb.function("body", 1, 2);
        body.line(12);
        body.op(O::BIF, 1, 0, 1, {body.bif("test", "pos", 1), 0});
        body.op(O::RETURN, 1);
        const ModuleCode* m = mb.load();
        REQUIRE(m);
        Process p(vm.rt);
        Term x = sm(-1);
        auto r = callFunction(p, findFunction(m, vm.rt, "guard", 1), {&x, 1});
        REQUIRE(r.ok);
        CHECK(r.value == vm.a("negative"));
        r = callFunction(p, findFunction(m, vm.rt, "body", 1), {&x, 1});
        REQUIRE_FALSE(r.ok);
        CHECK(r.reason == atoms::kBadarg);
        Term top = r.stacktrace.head();
        CHECK(top.element(0) == vm.a("test"));
        CHECK(top.element(1) == vm.a("pos"));
        CHECK(top.element(2).head() == sm(-1));
        CHECK(r.stacktrace.tail().head().element(1) == vm.a("body"));
    }

    TEST_CASE("collecting at every safe point gives the same results") {
        auto run = [](bool stress, int64_t n, size_t& collections) {
            Vm vm;
            vm.rt.setGcStress(stress);
            ModuleBuilder mb(vm.rt, "m");
            addLists(mb);
            const ModuleCode* m = mb.load();
            REQUIRE(m);
            Process p(vm.rt);
            Term arg = sm(n);
            auto r = callFunction(p, findFunction(m, vm.rt, "work", 1), {&arg, 1});
            REQUIRE(r.ok);
            collections = p.collections();
            // A list built while collecting: check its contents too.
            r = callFunction(p, findFunction(m, vm.rt, "build", 1), {&arg, 1});
            REQUIRE(r.ok);
            int64_t sum = listSum(r.value);
            CHECK(sum == n * (n + 1) / 2);
            return sum;
        };
        size_t c1 = 0, c2 = 0;
        int64_t plain = run(false, 2000, c1);
        int64_t stressed = run(true, 2000, c2);
        CHECK(plain == stressed);
        CHECK(c2 > 1000);
        // Larger run without stress: the heap is collected as it fills.
        size_t c3 = 0;
        run(false, 200'000, c3);
        CHECK(c3 > 0);
    }

    TEST_CASE("remote calls load modules on demand and raise undef otherwise") {
        Vm vm;
        int loads = 0;
        vm.rt.setModuleLoader([&](Runtime& rt, Term module) {
            if (module != rt.atom("lazy")) return false;
            ++loads;
            ModuleBuilder lb(rt, "lazy");
            auto& f = lb.function("f", 1, 1);
            f.op(O::ADDI, 0, 0, 1, {0}).op(O::RETURN, 0);
            return lb.load() != nullptr;
        });
        ModuleBuilder mb(vm.rt, "m");
        auto& g = mb.function("g", 1, 1);
        g.op(O::TAILCALL, 0, 1, 0, {g.target("lazy", "f", 1)});
        auto& h = mb.function("h", 1, 1);
        h.line(5);
        h.op(O::CALL, 0, 1, 0, {h.target("nosuch", "f", 1)});
        h.op(O::RETURN, 0);
        const ModuleCode* m = mb.load();
        REQUIRE(m);
        Process p(vm.rt);
        Term x = sm(41);
        auto r = callFunction(p, findFunction(m, vm.rt, "g", 1), {&x, 1});
        REQUIRE(r.ok);
        CHECK(r.value == sm(42));
        r = callFunction(p, findFunction(m, vm.rt, "g", 1), {&x, 1});
        CHECK(loads == 1);

        r = callFunction(p, findFunction(m, vm.rt, "h", 1), {&x, 1});
        REQUIRE_FALSE(r.ok);
        CHECK(r.reason == atoms::kUndef);
        Term top = r.stacktrace.head();
        CHECK(top.element(0) == vm.a("nosuch"));
        CHECK(top.element(1) == vm.a("f"));
        CHECK(top.element(2).head() == sm(41));
        CHECK(r.stacktrace.tail().head().element(1) == vm.a("h"));

        r = callMfa(p, vm.a("lazy"), vm.a("f"), {&x, 1});
        REQUIRE(r.ok);
        CHECK(r.value == sm(42));
        r = callMfa(p, vm.a("lazy"), vm.a("nope"), {&x, 1});
        REQUIRE_FALSE(r.ok);
        CHECK(r.reason == atoms::kUndef);
    }

    TEST_CASE("reloading a module redirects remote calls to the new version") {
        Vm vm;
        auto makeV = [&](int64_t v) {
            ModuleBuilder b(vm.rt, "ver");
            auto& f = b.function("v", 0, 1);
            f.op(O::LOADI, 0, 0, 0, {uint32_t(v)}).op(O::RETURN, 0);
            REQUIRE(b.load());
        };
        makeV(1);
        ModuleBuilder mb(vm.rt, "m");
        auto& g = mb.function("g", 0, 1);
        g.op(O::CALL, 0, 0, 0, {g.target("ver", "v", 0)}).op(O::RETURN, 0);
        const ModuleCode* m = mb.load();
        REQUIRE(m);
        Process p(vm.rt);
        auto r = callFunction(p, findFunction(m, vm.rt, "g", 0), {});
        CHECK(r.value == sm(1));
        makeV(2);
        r = callFunction(p, findFunction(m, vm.rt, "g", 0), {});
        CHECK(r.value == sm(2));
    }

    TEST_CASE("apply by name, apply with a list, export funs") {
        Vm vm;
        ModuleBuilder mb(vm.rt, "m");
        auto& add = mb.function("add", 2, 2);
        add.op(O::ADD, 0, 0, 1, {0}).op(O::RETURN, 0);
        // ap(M, F, A, B) -> M:F(A, B).
        auto& ap = mb.function("ap", 4, 4);
        ap.op(O::APPLY, 0, 2).op(O::RETURN, 0);
        // apl(M, F, Args) -> apply(M, F, Args), as a tail call.
        auto& apl = mb.function("apl", 3, 3);
        apl.op(O::TAILAPPLY_LIST, 0);
        // apf(F, Args) -> apply(F, Args).
        auto& apf = mb.function("apf", 2, 2);
        apf.op(O::APPLY_FUN_LIST, 0).op(O::RETURN, 0);
        // erlang:apply/3 through a call target.
        auto& viaErlang = mb.function("via", 3, 3);
        viaErlang.op(O::CALL, 0, 3, 0, {viaErlang.target("erlang", "apply", 3)}).op(O::RETURN, 0);
        const ModuleCode* m = mb.load();
        REQUIRE(m);
        Process p(vm.rt);
        Heap& h = p.heap();
        Term a4[4] = {vm.a("m"), vm.a("add"), sm(2), sm(3)};
        auto r = callFunction(p, findFunction(m, vm.rt, "ap", 4), a4);
        REQUIRE(r.ok);
        CHECK(r.value == sm(5));
        Term a3[3] = {vm.a("m"), vm.a("add"), makeList(h, {sm(10), sm(20)})};
        r = callFunction(p, findFunction(m, vm.rt, "apl", 3), a3);
        REQUIRE(r.ok);
        CHECK(r.value == sm(30));
        r = callFunction(p, findFunction(m, vm.rt, "via", 3), a3);
        REQUIRE(r.ok);
        CHECK(r.value == sm(30));
        Term bad3[3] = {vm.a("m"), vm.a("add"), makeList(h, {sm(1)})};
        r = callFunction(p, findFunction(m, vm.rt, "apl", 3), bad3);
        REQUIRE_FALSE(r.ok);
        CHECK(r.reason == atoms::kUndef);

        // fun m:add/2
        Term* ex = h.alloc(4);
        ex[0] = Term::makeHeader(BoxKind::Export, 3);
        ex[1] = vm.a("m");
        ex[2] = vm.a("add");
        ex[3] = sm(2);
        Term fun = Term::makeBoxed(ex);
        Term a2[2] = {fun, makeList(h, {sm(4), sm(5)})};
        r = callFunction(p, findFunction(m, vm.rt, "apf", 2), a2);
        REQUIRE(r.ok);
        CHECK(r.value == sm(9));
    }

    TEST_CASE("select, maps, comparisons") {
        Vm vm;
        ModuleBuilder mb(vm.rt, "m");
        // kind(X) -> 1 for 1, 2 for foo, 3 for {_, _}, 4 for {_, _, _}, 0 otherwise.
        auto& k = mb.function("kind", 1, 2);
        auto l1 = k.label(), l2 = k.label(), tup = k.label(), t2 = k.label(), t3 = k.label(),
             other = k.label();
        uint32_t tv = k.table({{Term::makeSmall(1), l1}, {vm.a("foo"), l2}});
        k.tableAt(tv);
        k.op(O::SELECT_VAL, 0, 0, 0, {tv, tup});
        k.bind(tup);
        uint32_t ta = k.table({{Term::makeSmall(2), t2}, {Term::makeSmall(3), t3}});
        k.tableAt(ta);
        k.op(O::SELECT_ARITY, 0, 0, 0, {ta, other});
        k.bind(l1);
        k.op(O::LOADI, 0, 0, 0, {1}).op(O::RETURN, 0);
        k.bind(l2);
        k.op(O::LOADI, 0, 0, 0, {2}).op(O::RETURN, 0);
        k.bind(t2);
        k.op(O::LOADI, 0, 0, 0, {3}).op(O::RETURN, 0);
        k.bind(t3);
        k.op(O::LOADI, 0, 0, 0, {4}).op(O::RETURN, 0);
        k.bind(other);
        k.op(O::LOADI, 0, 0, 0, {0}).op(O::RETURN, 0);
        // mp(K, V) -> M = #{K => V, a => 1}, {maps:get(K, M), M#{a := 2}}.
        auto& mp = mb.function("mp", 2, 6);
        mp.op(O::LOADK, 2, 0, 0, {mp.atom("a")});
        mp.op(O::LOADI, 3, 0, 0, {1});
        mp.op(O::MAP_NEW, 4, 0, 2);      // R4 = #{K => V, a => 1}
        mp.op(O::MAP_GET, 5, 4, 0, {0}); // R5 = V
        mp.op(O::LOADI, 3, 0, 0, {2});
        mp.op(O::MAP_UPDATE, 4, 4, 2, {1, 0});
        mp.op(O::MAP_GET, 4, 4, 2, {0});
        mp.op(O::TUPLE, 0, 4, 2);
        mp.op(O::RETURN, 0);
        // lt(A, B) -> A < B.
        auto& lt = mb.function("lt", 2, 2);
        lt.op(O::CMP, 0, 0, 1, {uint32_t(CmpKind::Lt)}).op(O::RETURN, 0);
        const ModuleCode* m = mb.load();
        REQUIRE(m);
        Process p(vm.rt);
        Heap& h = p.heap();
        auto kind = [&](Term x) {
            auto r = callFunction(p, findFunction(m, vm.rt, "kind", 1), {&x, 1});
            REQUIRE(r.ok);
            return r.value.small();
        };
        CHECK(kind(sm(1)) == 1);
        CHECK(kind(vm.a("foo")) == 2);
        CHECK(kind(makeTuple(h, {sm(1), sm(2)})) == 3);
        CHECK(kind(makeTuple(h, {sm(1), sm(2), sm(3)})) == 4);
        CHECK(kind(makeTuple(h, {sm(1)})) == 0);
        CHECK(kind(sm(7)) == 0);

        Term kv[2] = {vm.a("k"), sm(9)};
        auto r = callFunction(p, findFunction(m, vm.rt, "mp", 2), kv);
        REQUIRE(r.ok);
        CHECK(r.value.element(0) == sm(2));
        CHECK(r.value.element(1) == sm(9));

        Term ab[2] = {sm(1), vm.a("a")}; // number < atom
        r = callFunction(p, findFunction(m, vm.rt, "lt", 2), ab);
        CHECK(r.value == atoms::kTrue);
        Term ba[2] = {vm.a("b"), vm.a("a")};
        r = callFunction(p, findFunction(m, vm.rt, "lt", 2), ba);
        CHECK(r.value == atoms::kFalse);
    }

    TEST_CASE("bit syntax builds and matches segments") {
        Vm vm;
        ModuleBuilder mb(vm.rt, "m");
        Heap& lit = mb.literalHeap();
        const char* types[] = {"integer", "float", "binary"};
        auto seg = [&](int type, int unit, bool sign, bool little) {
            return makeTuple(lit,
                             {vm.a(types[type]), sm(unit), sm((little ? 1 : 0) | (sign ? 2 : 0))});
        };
        // mk(A, B, Bin) -> <<A:16, B:8/signed-little, Bin/binary>>.
        auto& mk = mb.function("mk", 3, 9);
        uint32_t desc = mk.lit(makeTuple(
            lit, {seg(0, 1, false, false), seg(0, 1, true, true), seg(2, 8, false, false)}));
        mk.op(O::MOVE, 3, 0).op(O::LOADI, 4, 0, 0, {16});
        mk.op(O::MOVE, 5, 1).op(O::LOADI, 6, 0, 0, {8});
        mk.op(O::MOVE, 7, 2).op(O::LOADK, 8, 0, 0, {mk.atom("default")});
        mk.op(O::BS_BUILD, 0, 3, 3, {desc, 0});
        mk.op(O::RETURN, 0);
        // get(Bin) -> <<A:16, B:8/signed-little, Rest/binary>> = Bin, {A, B, Rest}.
        auto& get = mb.function("get", 1, 5);
        auto fail = get.label();
        uint32_t s16 = get.lit(seg(0, 1, false, false));
        uint32_t s8 = get.lit(seg(0, 1, true, true));
        uint32_t sbin = get.lit(seg(2, 8, false, false));
        get.op(O::BS_START, 1, 0, 0, {fail});
        get.op(O::LOADI, 4, 0, 0, {16});
        get.op(O::BS_GET, 2, 1, 4, {s16, fail});
        get.op(O::LOADI, 4, 0, 0, {8});
        get.op(O::BS_GET, 3, 1, 4, {s8, fail});
        get.op(O::LOADK, 4, 0, 0, {get.atom("all")});
        get.op(O::BS_GET, 4, 1, 4, {sbin, fail});
        get.op(O::BS_TEST_TAIL, 1, 0, 0, {0, fail});
        get.op(O::TUPLE, 0, 2, 3);
        get.op(O::RETURN, 0);
        get.bind(fail);
        get.op(O::LOADK, 0, 0, 0, {get.atom("nomatch")});
        get.op(O::RETURN, 0);
        const ModuleCode* m = mb.load();
        REQUIRE(m);
        Process p(vm.rt);
        const uint8_t tail[3] = {'x', 'y', 'z'};
        Term args[3] = {sm(0x1234), sm(-2), makeBinary(p.heap(), tail, 3)};
        auto r = callFunction(p, findFunction(m, vm.rt, "mk", 3), args);
        REQUIRE(r.ok);
        Term bin = r.value;
        REQUIRE(bin.isBitstring());
        BinaryView v = binaryView(bin);
        REQUIRE(v.bitSize == 48);
        CHECK(v.data[0] == 0x12);
        CHECK(v.data[1] == 0x34);
        CHECK(v.data[2] == 0xfe);
        CHECK(v.data[3] == 'x');
        r = callFunction(p, findFunction(m, vm.rt, "get", 1), {&bin, 1});
        REQUIRE(r.ok);
        REQUIRE(r.value.isTuple());
        CHECK(r.value.element(0) == sm(0x1234));
        CHECK(r.value.element(1) == sm(-2));
        CHECK(binaryView(r.value.element(2)).bitSize == 24);
        Term notBin = sm(3);
        r = callFunction(p, findFunction(m, vm.rt, "get", 1), {&notBin, 1});
        CHECK(r.value == vm.a("nomatch"));
        Term badArgs[3] = {vm.a("x"), sm(1), args[2]};
        r = callFunction(p, findFunction(m, vm.rt, "mk", 3), badArgs);
        REQUIRE_FALSE(r.ok);
        CHECK(r.reason == atoms::kBadarg);
    }

    TEST_CASE("loading rejects malformed code") {
        Vm vm;
        ModuleBuilder mb(vm.rt, "bad");
        auto& f = mb.function("f", 0, 1);
        f.op(O::MOVE, 0, 5).op(O::RETURN, 0); // register 5 outside a frame of 1
        std::string error;
        CHECK(mb.load(&error) == nullptr);
        CHECK(error.find("register") != std::string::npos);
    }
}

TEST_SUITE("process") {
    TEST_CASE("the process dictionary survives collections; pids are unique") {
        Runtime rt;
        rt.setGcStress(true);
        // test:remember(X): stores {X} in the dictionary; test:recall(): reads it back.
        rt.bifs().add(rt.atom("test"), rt.atom("remember"), 1, [](Process& p, const Term* a) {
            p.dictionary() = makeList(p.heap(), {makeTuple(p.heap(), {a[0]})});
            return atoms::kOk;
        });
        rt.bifs().add(rt.atom("test"), rt.atom("recall"), 0,
                      [](Process& p, const Term*) { return p.dictionary().head().element(0); });
        ModuleBuilder mb(rt, "m");
        auto& f = mb.function("f", 1, 2);
        f.op(O::LOADI, 1, 0, 0, {1});
        f.op(O::TUPLE, 0, 0, 2); // {X, 1}: a heap term only the dictionary will hold
        f.op(O::CALL, 0, 1, 0, {f.target("test", "remember", 1)});
        f.op(O::CALL, 0, 0, 0, {f.target("m", "g", 0)}); // a safe point: collects
        f.op(O::CALL, 0, 0, 0, {f.target("test", "recall", 0)});
        f.op(O::RETURN, 0);
        auto& g = mb.function("g", 0, 1);
        g.op(O::LOADNIL, 0).op(O::RETURN, 0);
        const ModuleCode* m = mb.load();
        REQUIRE(m);
        Process p(rt), q(rt);
        CHECK(p.self() != q.self());
        CHECK(p.self().isLocalPid());
        Term x = makeTuple(p.heap(), {sm(7)});
        auto r = callFunction(p, findFunction(m, rt, "f", 1), {&x, 1});
        REQUIRE(r.ok);
        CHECK(p.collections() > 0);
        REQUIRE(r.value.isTuple());
        CHECK(r.value.element(0).element(0) == sm(7));
        CHECK(r.value.element(1) == sm(1));
    }
}

TEST_SUITE("receive") {
    TEST_CASE("a process receives what it sent itself, selectively, with after") {
        Runtime rt;
        rt.setGcStress(true);
        rt.bifs().add(rt.atom("test"), rt.atom("send_self"), 1, [](Process& p, const Term* a) {
            p.deliver(a[0]);
            return a[0];
        });
        ModuleBuilder mb(rt, "m");
        // pick(Tag): receive {Tag, V} -> V after 0 -> none end
        auto& f = mb.function("pick", 1, 3);
        auto peek = f.label(), next = f.label(), wait = f.label();
        f.bind(peek);
        f.op(O::RECV_PEEK, 1, 0, 0, {wait});
        f.op(O::TEST_ARITY, 1, 0, 0, {2, next});
        f.op(O::GET_ELEM, 2, 1, 0, {0});
        f.op(O::TEST_CMP, 2, 0, uint32_t(CmpKind::ExactEq), {next});
        f.op(O::RECV_ACCEPT);
        f.op(O::GET_ELEM, 0, 1, 0, {1});
        f.op(O::RETURN, 0);
        f.bind(next);
        f.op(O::RECV_NEXT, 0, 0, 0, {peek});
        f.bind(wait);
        f.op(O::LOADI, 1, 0, 0, {0});
        f.op(O::RECV_WAIT, 1, 0, 0, {peek});
        f.op(O::LOADK, 0, 0, 0, {f.atom("none")});
        f.op(O::RETURN, 0);
        // first() -> receive X -> X end (after infinity)
        auto& g = mb.function("first", 0, 2);
        auto gpeek = g.label(), gwait = g.label();
        g.bind(gpeek);
        g.op(O::RECV_PEEK, 0, 0, 0, {gwait});
        g.op(O::RECV_ACCEPT);
        g.op(O::RETURN, 0);
        g.bind(gwait);
        g.op(O::LOADK, 1, 0, 0, {g.atom("infinity")});
        g.op(O::RECV_WAIT, 1, 0, 0, {gpeek});
        g.op(O::RETURN, 1);
        const ModuleCode* m = mb.load();
        REQUIRE(m);
        Process p(rt);
        Heap& h = p.heap();
        p.deliver(makeTuple(h, {rt.atom("a"), sm(1)}));
        p.deliver(makeTuple(h, {rt.atom("b"), makeList(h, {sm(2)})}));
        p.deliver(rt.atom("other"));
        Term b = rt.atom("b");
        auto r = callFunction(p, findFunction(m, rt, "pick", 1), {&b, 1});
        REQUIRE(r.ok);
        REQUIRE(r.value.isList());
        CHECK(r.value.head() == sm(2));
        CHECK(p.mailboxSize() == 2);
        r = callFunction(p, findFunction(m, rt, "pick", 1), {&b, 1});
        CHECK(r.value == rt.atom("none"));
        Term a = rt.atom("a");
        r = callFunction(p, findFunction(m, rt, "pick", 1), {&a, 1});
        CHECK(r.value == sm(1));
        CHECK(p.mailboxSize() == 1);
        CHECK(p.receiveCursor == 0);
        // A host thread driving a process blocks in receive until a message comes
        // from another thread.
        auto q = std::make_shared<Process>(rt);
        rt.processes().add(q);
        std::thread sender([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            sendSignal(rt, q->self(), makeSignal(SignalKind::Message, q->self(), rt.atom("hello")),
                       nullptr);
        });
        r = callFunction(*q, findFunction(m, rt, "first", 0), {});
        sender.join();
        REQUIRE(r.ok);
        CHECK(r.value == rt.atom("hello"));
    }
}

TEST_SUITE("spilling") {
    TEST_CASE("SPILL_NEW makes a fresh area, SPILL_PUT writes it in place, GET_ELEM reads it") {
        Vm vm;
        ModuleBuilder mb(vm.rt, "m");
        auto& f = mb.function("keep", 1, 3);
        f.op(O::SPILL_NEW, 1, 0, 0, {3});
        f.op(O::SPILL_PUT, 1, 0, 0, {2});
        f.op(O::GET_ELEM, 2, 1, 0, {2});
        f.op(O::RETURN, 2);
        auto& g = mb.function("bad", 1, 1);
        g.op(O::SPILL_PUT, 0, 0, 0, {0}); // R0 is not a spill area
        g.op(O::RETURN, 0);
        auto& h = mb.function("huge", 1, 2);
        h.op(O::SPILL_NEW, 1, 0, 0, {kMaxSpillSlots + 1});
        h.op(O::RETURN, 0);
        const ModuleCode* m = mb.load();
        REQUIRE(m);
        Process p(vm.rt);
        Term x = sm(42);
        auto r = callFunction(p, findFunction(m, vm.rt, "keep", 1), {&x, 1});
        REQUIRE(r.ok);
        CHECK(r.value == sm(42));
        r = callFunction(p, findFunction(m, vm.rt, "bad", 1), {&x, 1});
        REQUIRE_FALSE(r.ok);
        CHECK(r.reason == atoms::kBadarg);
        r = callFunction(p, findFunction(m, vm.rt, "huge", 1), {&x, 1});
        REQUIRE_FALSE(r.ok);
        CHECK(r.reason == atoms::kSystemLimit);
    }
}

TEST_SUITE("process BIFs") {
    TEST_CASE("self, the process dictionary and sending to oneself") {
        Runtime rt;
        Process p(rt);
        Heap& h = p.heap();
        auto bif = [&](const char* name, uint32_t arity) {
            const BifEntry* e = rt.bifs().find(atoms::kErlang, rt.atom(name), arity);
            REQUIRE(e);
            return e->fn;
        };
        CHECK(bif("self", 0)(p, nullptr) == p.self());
        Term key = makeTuple(h, {rt.atom("complex"), makeFloat(h, 1.5)});
        Term kv[2] = {key, sm(1)};
        CHECK(bif("put", 2)(p, kv) == atoms::kUndefined);
        Term key2 = makeTuple(h, {rt.atom("complex"), makeFloat(h, 1.5)}); // equal, not identical
        Term kv2[2] = {key2, sm(2)};
        CHECK(bif("put", 2)(p, kv2) == sm(1));
        CHECK(bif("get", 1)(p, &key) == sm(2));
        CHECK(bif("erase", 1)(p, &key) == sm(2));
        CHECK(bif("get", 1)(p, &key) == atoms::kUndefined);
        Term msg[2] = {p.self(), rt.atom("hi")};
        CHECK(bif("!", 2)(p, msg) == rt.atom("hi"));
        CHECK(p.mailboxSize() == 1);
        Term bad[2] = {rt.atom("nobody"), rt.atom("hi")};
        CHECK(bif("send", 2)(p, bad).isNonValue());
        Term yes[3] = {atoms::kErlang, rt.atom("self"), sm(0)};
        CHECK(bif("function_exported", 3)(p, yes) == atoms::kTrue);
        Term no[3] = {rt.atom("nosuch"), rt.atom("f"), sm(0)};
        CHECK(bif("function_exported", 3)(p, no) == atoms::kFalse);
    }
}
