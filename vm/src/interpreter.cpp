// The execute loop: runs the instruction set of isa.h over a Process.
//
// Rules for editors of this file (keep them, or change them here first):
//  1. Hot state lives in locals: fn, pc, R (register window), K (literals), S (stack
//     base), base. pc points at the current instruction until its case advances it;
//     jump offsets are relative to the instruction's first word.
//  2. Anything that may grow the stack (reserveStack) may move it: re-derive S and R
//     right after (REDERIVE()). Nothing else moves the stack.
//  3. Allocation never collects. Collection happens only at a safe point: function
//     entry (the `enter` label) and backward jumps, with the live part of the stack
//     as roots. Never hold a heap Term in a C++ local across a safe point.
//  4. To raise: record the exception in the process (p.raise / a helper that builds
//     the stacktrace), leave pc on the failing instruction, `goto raise`. The handler
//     code finds the TRY/CATCH or leaves the loop.
//  5. Each case is a few lines. Anything longer or rare goes into a named
//     out-of-line function above execute() or into a shared label below the cases.
//  6. Case bodies are written once and compile both to computed goto (default) and to
//     a switch (PFUN_SWITCH_DISPATCH), through VM_CASE / VM_DISPATCH only.
//  7. Every call path checks stack and frame space while still in the caller's
//     context (fn/pc of the call instruction), so an overflow is raised at the call.
#include "pfun/vm/interpreter.h"

#include "pfun/vm/arith.h"
#include "pfun/vm/compare.h"
#include "pfun/vm/construct.h"
#include "pfun/vm/exception.h"
#include "pfun/vm/isa.h"
#include "pfun/vm/map.h"
#include "pfun/vm/number.h"
#include "pfun/vm/runtime.h"
#include "pfun/vm/signals.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <thread>

#include "bs_instructions.h"

namespace pfun::vm {

namespace {

inline bool bothSmall(Term a, Term b) {
    return (a.raw() & b.raw() & 1) != 0;
}

inline const FunEntry* funEntryOf(Term fun) {
    return reinterpret_cast<const FunEntry*>(fun.boxedPtr()[1].raw());
}

inline uint32_t pcIndex(const FunctionCode* fn, const uint32_t* pc) {
    return uint32_t(pc - fn->code.data());
}

// The name of the operator an arithmetic opcode implements, for the {erlang, Op,
// Args, []} stacktrace entry BEAM shows when an operator fails.
Term operatorAtom(Opcode op) {
    switch (op) {
    case Opcode::ADD:
    case Opcode::ADDI: return atoms::kPlus;
    case Opcode::SUB:
    case Opcode::NEG: return atoms::kMinus;
    case Opcode::MUL: return atoms::kTimes;
    case Opcode::FDIV: return atoms::kSlash;
    case Opcode::IDIV: return atoms::kDiv;
    case Opcode::REM: return atoms::kRem;
    case Opcode::BAND: return atoms::kBand;
    case Opcode::BOR: return atoms::kBor;
    case Opcode::BXOR: return atoms::kBxor;
    case Opcode::BSL: return atoms::kBsl;
    case Opcode::BSR: return atoms::kBsr;
    case Opcode::BNOT: return atoms::kBnot;
    case Opcode::NOT: return atoms::kNot;
    default: return atoms::kUndefined;
    }
}

arith::Op arithOp(Opcode op) {
    switch (op) {
    case Opcode::ADD:
    case Opcode::ADDI: return arith::Op::Add;
    case Opcode::SUB: return arith::Op::Sub;
    case Opcode::MUL: return arith::Op::Mul;
    case Opcode::FDIV: return arith::Op::FDiv;
    case Opcode::IDIV: return arith::Op::IDiv;
    case Opcode::REM: return arith::Op::Rem;
    case Opcode::BAND: return arith::Op::Band;
    case Opcode::BOR: return arith::Op::Bor;
    case Opcode::BXOR: return arith::Op::Bxor;
    case Opcode::BSL: return arith::Op::Bsl;
    case Opcode::BSR: return arith::Op::Bsr;
    case Opcode::NEG: return arith::Op::Neg;
    default: return arith::Op::Bnot;
    }
}

// Binary arithmetic off the small-integer fast paths. nonValue on failure (the
// caller records the reason).
[[gnu::noinline]] Term arithSlow(Heap& heap, Opcode op, Term a, Term b) {
    switch (op) {
    case Opcode::ADD:
    case Opcode::ADDI: return arith::add(heap, a, b);
    case Opcode::SUB: return arith::sub(heap, a, b);
    case Opcode::MUL: return arith::mul(heap, a, b);
    case Opcode::FDIV: return arith::fdiv(heap, a, b);
    case Opcode::IDIV: return arith::idiv(heap, a, b);
    case Opcode::REM: return arith::rem(heap, a, b);
    case Opcode::BAND: return arith::band(heap, a, b);
    case Opcode::BOR: return arith::bor(heap, a, b);
    case Opcode::BXOR: return arith::bxor(heap, a, b);
    case Opcode::BSL: return arith::bsl(heap, a, b);
    case Opcode::BSR: return arith::bsr(heap, a, b);
    case Opcode::NEG: return arith::neg(heap, a);
    case Opcode::BNOT: return arith::bnot(heap, a);
    default: return Term::nonValue();
    }
}

// Records the exception of a failed operator and its stacktrace, whose top entry
// is {erlang, Op, Args, []}.
[[gnu::noinline]] void operatorError(Process& p, const FunctionCode* fn, const uint32_t* pc,
                                     Opcode op, Term a, Term b, size_t nargs) {
    Heap& heap = p.heap();
    Term reason = op == Opcode::NOT ? atoms::kBadarg : arith::errorReason(arithOp(op), a, b);
    p.error(reason);
    Term args[2] = {a, b};
    Term top = makeTuple(
        heap, {atoms::kErlang, operatorAtom(op), makeTermList(heap, args, nargs), Term::nil()});
    p.setExceptionStacktrace(buildStacktrace(p, fn, pcIndex(fn, pc), Term::nonValue(), top));
}

// Completes the exception a BIF recorded: BIFs other than error/exit/throw get
// their own entry on top of the stacktrace, as in BEAM; erlang:error/2 names its
// argument list in the caller's entry.
[[gnu::noinline]] void bifError(Process& p, const FunctionCode* fn, const uint32_t* pc,
                                const BifEntry* bif, const Term* args) {
    if (!p.exceptionStacktrace().isNonValue()) return; // erlang:raise/3 gave one
    Heap& heap = p.heap();
    bool fromCaller =
        bif->module == atoms::kErlang &&
        (bif->name == atoms::kError || bif->name == atoms::kExit || bif->name == atoms::kThrow);
    Term topArgs = Term::nonValue();
    Term extra = Term::nonValue();
    if (fromCaller) {
        if (bif->name == atoms::kError && bif->arity == 2 && args[1].isListOrNil())
            topArgs = args[1];
    } else {
        extra = makeTuple(
            heap, {bif->module, bif->name, makeTermList(heap, args, bif->arity), Term::nil()});
    }
    p.setExceptionStacktrace(buildStacktrace(p, fn, fn ? pcIndex(fn, pc) : 0, topArgs, extra));
}

// undef for M:F(Args): the stacktrace's top entry is {M, F, Args, []}.
[[gnu::noinline]] void undefError(Process& p, const FunctionCode* fn, const uint32_t* pc,
                                  Term module, Term name, const Term* args, uint32_t nargs) {
    Heap& heap = p.heap();
    p.error(atoms::kUndef);
    Term top = makeTuple(heap, {module, name, makeTermList(heap, args, nargs), Term::nil()});
    p.setExceptionStacktrace(
        buildStacktrace(p, fn, fn ? pcIndex(fn, pc) : 0, Term::nonValue(), top));
}

[[gnu::noinline]] void badfunError(Process& p, Term fun) {
    p.error(makeTuple(p.heap(), {atoms::kBadfun, fun}));
}

[[gnu::noinline]] void badarityError(Process& p, Term fun, const Term* args, uint32_t nargs) {
    Heap& heap = p.heap();
    Term inner = makeTuple(heap, {fun, makeTermList(heap, args, nargs)});
    p.error(makeTuple(heap, {atoms::kBadarity, inner}));
}

[[gnu::noinline]] void errorInstruction(Process& p, const FunctionCode* fn, const uint32_t* pc,
                                        ErrorKind kind, Term value, const Term* regs) {
    Heap& heap = p.heap();
    Term topArgs = Term::nonValue();
    switch (kind) {
    case ErrorKind::Badmatch: p.error(makeTuple(heap, {atoms::kBadmatch, value})); break;
    case ErrorKind::CaseClause: p.error(makeTuple(heap, {atoms::kCaseClause, value})); break;
    case ErrorKind::IfClause: p.error(atoms::kIfClause); break;
    case ErrorKind::TryClause: p.error(makeTuple(heap, {atoms::kTryClause, value})); break;
    case ErrorKind::FunctionClause:
        p.error(atoms::kFunctionClause);
        topArgs = makeTermList(heap, regs, fn->arity);
        break;
    default: p.error(atoms::kBadarg); break;
    }
    p.setExceptionStacktrace(buildStacktrace(p, fn, pcIndex(fn, pc), topArgs, Term::nonValue()));
}

[[gnu::noinline]] bool typeTestSlow(Term t, TypeTest test) {
    switch (test) {
    case TypeTest::Integer: return t.isInteger();
    case TypeTest::Float: return t.isFloat();
    case TypeTest::Number: return t.isNumber();
    case TypeTest::Atom: return t.isAtom();
    case TypeTest::Boolean: return t == atoms::kTrue || t == atoms::kFalse;
    case TypeTest::Tuple: return t.isTuple();
    case TypeTest::List: return t.isListOrNil();
    case TypeTest::Cons: return t.isList();
    case TypeTest::Nil: return t.isNil();
    case TypeTest::Binary: return t.isBitstring() && t.boxedPtr()[1].raw() % 8 == 0;
    case TypeTest::Bitstring: return t.isBitstring();
    case TypeTest::Map: return t.isMap();
    case TypeTest::Function: return t.isFun();
    case TypeTest::Pid: return t.isPid();
    case TypeTest::Reference: return t.isRef();
    default: return false;
    }
}

[[gnu::noinline]] bool compareSlow(const AtomTable& atoms, CmpKind kind, Term a, Term b) {
    switch (kind) {
    case CmpKind::ExactEq: return exactEq(a, b);
    case CmpKind::ExactNe: return !exactEq(a, b);
    case CmpKind::Eq: return eq(a, b);
    case CmpKind::Ne: return !eq(a, b);
    case CmpKind::Lt: return compareTerms(a, b, atoms) < 0;
    case CmpKind::Le: return compareTerms(a, b, atoms) <= 0;
    case CmpKind::Gt: return compareTerms(a, b, atoms) > 0;
    case CmpKind::Ge: return compareTerms(a, b, atoms) >= 0;
    default: return false;
    }
}

// The outcomes each CmpKind accepts: bit 0 less, bit 1 equal, bit 2 greater.
constexpr uint8_t kCmpAccept[] = {2, 5, 2, 5, 1, 3, 4, 6};
static_assert(sizeof(kCmpAccept) == size_t(CmpKind::Count));

inline bool compare(const AtomTable& atoms, CmpKind kind, Term a, Term b) {
    if (bothSmall(a, b)) {
        auto x = int64_t(a.raw()), y = int64_t(b.raw()); // same order as the values
        unsigned outcome = unsigned(x > y) + unsigned(x >= y);
        return (kCmpAccept[size_t(kind) & 7] >> outcome) & 1;
    }
    return compareSlow(atoms, kind, a, b);
}

// SELECT_VAL / SELECT_ARITY: the jump offset for `key`, or `fail`.
[[gnu::noinline]] int32_t selectTarget(const JumpTable& t, Term key, int32_t fail) {
    const size_t n = t.values.size();
    if (t.immediatesSorted) {
        if (key.isBoxed() || key.isList()) return fail;
        auto it = std::lower_bound(t.values.begin(), t.values.end(), key,
                                   [](Term a, Term b) { return a.raw() < b.raw(); });
        if (it != t.values.end() && *it == key) return t.targets[size_t(it - t.values.begin())];
        return fail;
    }
    for (size_t i = 0; i < n; ++i)
        if (exactEq(t.values[i], key)) return t.targets[i];
    return fail;
}

// Spreads a proper list into stack[dest...]; returns its length, or -1 when `list`
// is not a proper list or does not fit below the stack limit. May move the stack.
[[gnu::noinline]] int64_t spreadList(Process& p, Term list, size_t dest) {
    int64_t n = 0;
    for (Term t = list; t.isList(); t = t.tail())
        ++n;
    Term end = list;
    for (int64_t i = 0; i < n; ++i)
        end = end.tail();
    if (!end.isNil() || n > 255) return -1;
    if (!p.reserveStack(dest + size_t(n))) return -1;
    Term* S = p.stack();
    size_t i = dest;
    for (Term t = list; t.isList(); t = t.tail())
        S[i++] = t.head();
    return n;
}

// Leaves the process at its nearest handler, or unwinds to the native entry.
struct Resume {
    const FunctionCode* fn;
    const uint32_t* pc;
    uint32_t base;
};

[[gnu::noinline]] bool unwind(Process& p, Resume& at, size_t entryFrames, size_t entryHandlers) {
    if (p.exceptionStacktrace().isNonValue()) {
        p.setExceptionStacktrace(buildStacktrace(p, at.fn, at.fn ? pcIndex(at.fn, at.pc) : 0,
                                                 Term::nonValue(), Term::nonValue()));
    }
    if (p.handlers.size() <= entryHandlers || p.killed) {
        p.frameTop = p.frameData() + entryFrames;
        p.handlers.resize(std::min(p.handlers.size(), entryHandlers));
        return false;
    }
    ExceptionHandler h = p.handlers.back();
    p.handlers.pop_back();
    p.frameTop = p.frameData() + h.frameDepth;
    Term* R = p.stack() + h.base;
    ExceptionClass cls = p.exceptionClass();
    Term reason = p.exceptionReason(), st = p.exceptionStacktrace();
    if (h.isCatch) {
        R[h.reg] = catchValue(p.heap(), cls, reason, st);
    } else {
        R[h.reg] = exceptionClassAtom(cls);
        R[h.reg + 1] = reason;
        R[h.reg + 2] = st;
    }
    p.raise(ExceptionClass::Error, Term::nil()); // drop the references
    at = {h.fn, h.pc, h.base};
    return true;
}

[[gnu::noinline]] bool mapOperation(Process& p, Opcode op, Term* R, uint32_t a, Term map,
                                    uint32_t first, uint32_t pairs) {
    Heap& heap = p.heap();
    const AtomTable& atoms = p.runtime().atoms();
    if (op == Opcode::MAP_NEW) {
        Term keys[128], values[128];
        for (uint32_t i = 0; i < pairs; ++i) {
            keys[i] = R[first + 2 * i];
            values[i] = R[first + 2 * i + 1];
        }
        R[a] = mapNew(heap, std::span<const Term>(keys, pairs),
                      std::span<const Term>(values, pairs), atoms);
        return true;
    }
    if (!map.isMap()) {
        p.error(makeTuple(heap, {atoms::kBadmap, map}));
        return false;
    }
    for (uint32_t i = 0; i < pairs; ++i) {
        Term k = R[first + 2 * i], v = R[first + 2 * i + 1];
        if (op == Opcode::MAP_PUT) {
            map = mapPut(heap, map, k, v, atoms);
        } else {
            Term m2 = mapUpdate(heap, map, k, v);
            if (m2.isNonValue()) {
                p.error(makeTuple(heap, {atoms::kBadkey, k}));
                return false;
            }
            map = m2;
        }
    }
    R[a] = map;
    return true;
}

// RECV_WAIT's timer: arms it on the first visit of a wait (validating the timeout
// value) and says whether it has expired. false with an exception recorded for a
// bad timeout value.
// A process whose live data outgrew its max_heap_size dies ({limit, heap}).
[[gnu::noinline]] void heapLimitExceeded(Process& p) {
    Runtime& rt = p.runtime();
    killProcess(p, makeTuple(p.heap(), {rt.atom("limit"), rt.atom("heap")}));
}

// Charges a finished time slice to a process's reduction budget: false (the
// process killed with {limit, reductions}) when the budget is spent.
[[gnu::noinline]] bool chargeReductionBudget(Process& p) {
    if (p.reductionBudget->fetch_sub(Process::kReductionsPerSlice, std::memory_order_relaxed) >
        Process::kReductionsPerSlice)
        return true;
    Runtime& rt = p.runtime();
    killProcess(p, makeTuple(p.heap(), {rt.atom("limit"), rt.atom("reductions")}));
    return false;
}

enum class WaitCheck { Wait, TimedOut, BadValue };
[[gnu::noinline]] WaitCheck checkReceiveTimeout(Process& p, Term timeout) {
    if (!p.waitArmed) {
        if (timeout == atoms::kInfinity) {
            p.waitInfinite = true;
        } else if (timeout.isSmall() && timeout.small() >= 0) {
            if (timeout.small() == 0) return WaitCheck::TimedOut;
            p.waitInfinite = false;
            p.waitDeadline =
                std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout.small());
        } else {
            p.error(p.runtime().atom("timeout_value"));
            return WaitCheck::BadValue;
        }
        p.waitArmed = true;
        p.waitTimerSet = false;
        return WaitCheck::Wait;
    }
    if (!p.waitInfinite && std::chrono::steady_clock::now() >= p.waitDeadline) {
        p.waitArmed = false;
        return WaitCheck::TimedOut;
    }
    return WaitCheck::Wait;
}

RunStatus execute(Process& p);

} // namespace

// ---------------------------------------------------------------------------------
// Dispatch
#if defined(PFUN_SWITCH_DISPATCH) || !defined(__GNUC__)
#define VM_USE_SWITCH 1
#define VM_CASE(op) case Opcode::op:
#define VM_DISPATCH() goto dispatch
#else
#define VM_USE_SWITCH 0
#define VM_CASE(op) L_##op:
#define VM_DISPATCH()                                                                              \
    do {                                                                                           \
        insn = *pc;                                                                                \
        goto* kLabels[insn & 0xff];                                                                \
    } while (0)
#endif

#define OP_A ((insn >> 8) & 0xff)
#define OP_B ((insn >> 16) & 0xff)
#define OP_C (insn >> 24)
#define OP_SC int32_t(int8_t(insn >> 24))
#define REDERIVE()                                                                                 \
    do {                                                                                           \
        S = p.stack();                                                                             \
        R = S + base;                                                                              \
    } while (0)
// A safe point (a call's entry, a loop's back edge): collect when the heap asks, with
// the first LIVE words of the frame as roots and RESERVE stack words needed after,
// then spend a reduction and, at the end of the time slice, handle signals and yield
// (resuming at pc).
#define SAFEPOINT(LIVE, RESERVE)                                                                   \
    do {                                                                                           \
        if (heap.wantsCollection()) [[unlikely]] {                                                 \
            p.collect(base + (LIVE));                                                              \
            p.reserveStack(base + (RESERVE));                                                      \
            REDERIVE();                                                                            \
            if (p.maxHeapWords && heap.lastLiveWords > p.maxHeapWords) [[unlikely]] {              \
                heapLimitExceeded(p);                                                              \
                goto raise;                                                                        \
            }                                                                                      \
        }                                                                                          \
        if (--reds <= 0) [[unlikely]] {                                                            \
            reds = Process::kReductionsPerSlice;                                                   \
            p.reductions = reds;                                                                   \
            if (p.reductionBudget && !chargeReductionBudget(p)) [[unlikely]]                       \
                goto raise;                                                                        \
            if (p.signals().pending() && !handleSignals(p)) goto raise;                            \
            p.resume = ResumePoint{fn, pc, base, 0};                                               \
            return RunStatus::Yielded;                                                             \
        }                                                                                          \
    } while (0)
// For fallible operations: jump to the J word's target, or raise when it is 0.
#define FAIL_TO(jword)                                                                             \
    do {                                                                                           \
        if (int32_t off_ = int32_t(jword)) {                                                       \
            pc += off_;                                                                            \
            VM_DISPATCH();                                                                         \
        }                                                                                          \
        goto raise;                                                                                \
    } while (0)

namespace {

RunStatus execute(Process& p) {
    Heap& heap = p.heap();
    Runtime& rt = p.runtime();
    const AtomTable& atomTable = rt.atoms();
    const size_t entryFrames = p.entryFrames;
    const size_t entryHandlers = p.entryHandlers;

    const FunctionCode* fn = nullptr;
    const uint32_t* pc = nullptr;
    const Term* K = nullptr;
    Term* S = p.stack();
    Term* R = nullptr;
    uint32_t base = 0;
    uint32_t insn = 0;
    int32_t reds = p.reductions;

    // Inputs of the shared call paths below the cases.
    const FunctionCode* ncode = p.resume.fn;
    uint32_t nbase = p.resume.base, nlive = p.resume.live;
    const CallTarget* ct = nullptr;
    uint32_t argBase = 0, nargs = 0, resultSlot = 0;
    const uint32_t* retPc = nullptr;
    bool tail = false;
    Term funTerm;
    Term value;

#if !VM_USE_SWITCH
    static const void* const kLabels[] = {
#define PFUN_X(name, a, b, c, w1, w2, w3, effect) &&L_##name,
        PFUN_OPCODES(PFUN_X)
#undef PFUN_X
    };
#endif

    // Continue where the process stopped: at a function's entry (a new call), or at
    // an instruction (after a yield or a wait). Signals that arrived meanwhile are
    // handled first, so a kill takes effect before any more code runs.
    {
        const bool entering = p.resume.pc == nullptr;
        fn = p.resume.fn;
        base = p.resume.base;
        pc = entering ? fn->code.data() : p.resume.pc;
        REDERIVE();
        K = fn->literals.data();
        p.resume = ResumePoint{};
        if (p.signals().pending() && !handleSignals(p)) [[unlikely]]
            goto raise;
        if (entering) goto enter;
    }
    VM_DISPATCH();

#if VM_USE_SWITCH
dispatch:
    insn = *pc;
    switch (Opcode(insn & 0xff)) {
#endif

        // ---- moves and constants ----
        VM_CASE(MOVE) {
            R[OP_A] = R[OP_B];
            pc += 1;
            VM_DISPATCH();
        }
        VM_CASE(LOADK) {
            R[OP_A] = K[pc[1]];
            pc += 2;
            VM_DISPATCH();
        }
        VM_CASE(LOADI) {
            R[OP_A] = Term::makeSmall(int32_t(pc[1]));
            pc += 2;
            VM_DISPATCH();
        }
        VM_CASE(LOADNIL) {
            R[OP_A] = Term::nil();
            pc += 1;
            VM_DISPATCH();
        }
        VM_CASE(SWAP) {
            std::swap(R[OP_A], R[OP_B]);
            pc += 1;
            VM_DISPATCH();
        }

        // ---- construction ----
        VM_CASE(CONS) {
            Term* cell = heap.alloc(2);
            cell[0] = R[OP_B];
            cell[1] = R[OP_C];
            R[OP_A] = Term::makeCons(cell);
            pc += 1;
            VM_DISPATCH();
        }
        VM_CASE(TUPLE) {
            uint32_t n = OP_C;
            Term* t = heap.alloc(n + 1);
            t[0] = Term::makeHeader(BoxKind::Tuple, n);
            std::copy(R + OP_B, R + OP_B + n, t + 1);
            R[OP_A] = Term::makeBoxed(t);
            pc += 1;
            VM_DISPATCH();
        }
        VM_CASE(MAKE_FUN) {
            const FunEntry* e = fn->owner->lambdas[pc[1]].get();
            uint32_t nfree = e->numFree;
            Term* f = heap.alloc(2 + nfree);
            f[0] = Term::makeHeader(BoxKind::Fun, 1 + nfree);
            f[1] = Term::fromRaw(reinterpret_cast<uint64_t>(e));
            std::copy(R + OP_B, R + OP_B + nfree, f + 2);
            R[OP_A] = Term::makeBoxed(f);
            pc += 2;
            VM_DISPATCH();
        }
        VM_CASE(MAP_NEW) {
            mapOperation(p, Opcode::MAP_NEW, R, OP_A, Term::nil(), OP_B, OP_C);
            pc += 1;
            VM_DISPATCH();
        }
        VM_CASE(MAP_PUT) {
            if (!mapOperation(p, Opcode::MAP_PUT, R, OP_A, R[OP_B], OP_C, pc[1])) FAIL_TO(pc[2]);
            pc += 3;
            VM_DISPATCH();
        }
        VM_CASE(MAP_UPDATE) {
            if (!mapOperation(p, Opcode::MAP_UPDATE, R, OP_A, R[OP_B], OP_C, pc[1])) FAIL_TO(pc[2]);
            pc += 3;
            VM_DISPATCH();
        }

        // ---- decomposition ----
        VM_CASE(GET_ELEM) {
            R[OP_A] = R[OP_B].element(pc[1]);
            pc += 2;
            VM_DISPATCH();
        }
        VM_CASE(SPILL_NEW) {
            uint32_t n = pc[1];
            if (n > kMaxSpillSlots) {
                p.error(atoms::kSystemLimit);
                goto raise;
            }
            Term* t = heap.alloc(n + 1);
            t[0] = Term::makeHeader(BoxKind::Tuple, n);
            std::fill(t + 1, t + 1 + n, Term::nil());
            R[OP_A] = Term::makeBoxed(t);
            pc += 2;
            VM_DISPATCH();
        }
        VM_CASE(SPILL_PUT) {
            Term area = R[OP_A];
            if (!area.isTuple() || area.tupleArity() <= pc[1]) {
                p.error(atoms::kBadarg);
                goto raise;
            }
            area.boxedPtr()[1 + pc[1]] = R[OP_B];
            pc += 2;
            VM_DISPATCH();
        }
        // ---- list builders (isa.h): the builder is the cell [Last | First], [] | []
        // while empty; the hole is the tail of Last, or the builder's own tail. ----
        VM_CASE(HOLE_NEW) {
            Term* b = heap.alloc(2);
            b[0] = Term::nil();
            b[1] = Term::nil();
            R[OP_A] = Term::makeCons(b);
            pc += 1;
            VM_DISPATCH();
        }
        VM_CASE(HOLE_PUT) {
            Term* cell = heap.alloc(2); // never collects: the builder stays where it is
            cell[0] = R[OP_B];
            cell[1] = Term::nil();
            Term c = Term::makeCons(cell);
            Term* b = R[OP_A].consPtr();
            (b[0].isNil() ? b : b[0].consPtr())[1] = c;
            b[0] = c;
            pc += 1;
            VM_DISPATCH();
        }
        VM_CASE(HOLE_RETURN) {
            Term* b = R[OP_A].consPtr();
            (b[0].isNil() ? b : b[0].consPtr())[1] = R[OP_B];
            value = b[1];
            goto do_return;
        }
        VM_CASE(GET_HD) {
            R[OP_A] = R[OP_B].head();
            pc += 1;
            VM_DISPATCH();
        }
        VM_CASE(GET_TL) {
            R[OP_A] = R[OP_B].tail();
            pc += 1;
            VM_DISPATCH();
        }
        VM_CASE(GET_LIST) {
            Term l = R[OP_C];
            R[OP_A] = l.head();
            R[OP_B] = l.tail();
            pc += 1;
            VM_DISPATCH();
        }
        VM_CASE(MAP_GET) {
            Term m = R[OP_B];
            Term v = m.isMap() ? mapGet(m, R[OP_C]) : Term::nonValue();
            if (v.isNonValue()) {
                if (int32_t off = int32_t(pc[1])) {
                    pc += off;
                    VM_DISPATCH();
                }
                p.error(m.isMap() ? makeTuple(heap, {atoms::kBadkey, R[OP_C]})
                                  : makeTuple(heap, {atoms::kBadmap, m}));
                goto raise;
            }
            R[OP_A] = v;
            pc += 2;
            VM_DISPATCH();
        }

        // ---- tests ----
        VM_CASE(TEST_TYPE) {
            // Cons is the test of every list loop: inline; the rest out of line.
            Term t = R[OP_A];
            bool ok =
                TypeTest(OP_B) == TypeTest::Cons ? t.isList() : typeTestSlow(t, TypeTest(OP_B));
            pc += ok ? 2 : int32_t(pc[1]);
            VM_DISPATCH();
        }
        VM_CASE(TEST_GET_LIST) {
            Term l = R[OP_C];
            if (!l.isList()) {
                pc += int32_t(pc[1]);
                VM_DISPATCH();
            }
            R[OP_A] = l.head();
            R[OP_B] = l.tail();
            pc += 2;
            VM_DISPATCH();
        }
        VM_CASE(TEST_ARITY) {
            Term t = R[OP_A];
            pc += (t.isTuple() && t.tupleArity() == pc[1]) ? 3 : int32_t(pc[2]);
            VM_DISPATCH();
        }
        VM_CASE(TEST_CMP) {
            pc += compare(atomTable, CmpKind(OP_C), R[OP_A], R[OP_B]) ? 2 : int32_t(pc[1]);
            VM_DISPATCH();
        }
        VM_CASE(TEST_EQ_K) {
            pc += exactEq(R[OP_A], K[pc[1]]) ? 3 : int32_t(pc[2]);
            VM_DISPATCH();
        }
        VM_CASE(TEST_NE_K) {
            pc += exactEq(R[OP_A], K[pc[1]]) ? int32_t(pc[2]) : 3;
            VM_DISPATCH();
        }
        VM_CASE(SELECT_VAL) {
            pc += selectTarget(fn->tables[pc[1]], R[OP_A], int32_t(pc[2]));
            VM_DISPATCH();
        }
        VM_CASE(SELECT_ARITY) {
            Term t = R[OP_A];
            pc += t.isTuple()
                      ? selectTarget(fn->tables[pc[1]], Term::makeSmall(int64_t(t.tupleArity())),
                                     int32_t(pc[2]))
                      : int32_t(pc[2]);
            VM_DISPATCH();
        }
        VM_CASE(JUMP) {
            int32_t off = int32_t(pc[1]);
            pc += off;
            if (off < 0) {
                // A loop back-edge (a list builder's loop, see HOLE_PUT) is a safe
                // point, the whole frame live, and costs a reduction like the self
                // tail call it replaces, so a loop cannot keep its scheduler forever.
                SAFEPOINT(fn->frameSize, fn->frameSize);
            }
            VM_DISPATCH();
        }

        // ---- arithmetic ----
#define VM_ARITH(OP, ...)                                                                          \
    VM_CASE(OP) {                                                                                  \
        Term a = R[OP_B], b = R[OP_C];                                                             \
        if (bothSmall(a, b)) {                                                                     \
            __VA_ARGS__                                                                            \
        }                                                                                          \
        Term r = arithSlow(heap, Opcode::OP, a, b);                                                \
        if (r.isNonValue()) [[unlikely]] {                                                         \
            if (int32_t off = int32_t(pc[1])) {                                                    \
                pc += off;                                                                         \
                VM_DISPATCH();                                                                     \
            }                                                                                      \
            operatorError(p, fn, pc, Opcode::OP, a, b, 2);                                         \
            goto raise;                                                                            \
        }                                                                                          \
        R[OP_A] = r;                                                                               \
        pc += 2;                                                                                   \
        VM_DISPATCH();                                                                             \
    }
#define VM_FAST_RESULT(expr)                                                                       \
    {                                                                                              \
        R[OP_A] = (expr);                                                                          \
        pc += 2;                                                                                   \
        VM_DISPATCH();                                                                             \
    }

        VM_ARITH(ADD, {
            int64_t r;
            if (!__builtin_add_overflow(int64_t(a.raw()), int64_t(b.raw() - 1), &r))
                VM_FAST_RESULT(Term::fromRaw(uint64_t(r)));
        })
        VM_ARITH(SUB, {
            int64_t r;
            if (!__builtin_sub_overflow(int64_t(a.raw()), int64_t(b.raw() - 1), &r))
                VM_FAST_RESULT(Term::fromRaw(uint64_t(r)));
        })
        VM_ARITH(MUL, {
            int64_t r;
            if (!__builtin_mul_overflow(a.small(), b.small(), &r) && Term::fitsSmall(r))
                VM_FAST_RESULT(Term::makeSmall(r));
        })
        VM_ARITH(FDIV, {})
        VM_ARITH(IDIV, {
            int64_t y = b.small();
            if (y != 0 && !(y == -1 && a.small() == Term::kSmallMin))
                VM_FAST_RESULT(Term::makeSmall(a.small() / y));
        })
        VM_ARITH(REM, {
            int64_t y = b.small();
            if (y != 0) VM_FAST_RESULT(Term::makeSmall(y == -1 ? 0 : a.small() % y));
        })
        VM_ARITH(BAND, { VM_FAST_RESULT(Term::fromRaw(a.raw() & b.raw())); })
        VM_ARITH(BOR, { VM_FAST_RESULT(Term::fromRaw(a.raw() | b.raw())); })
        VM_ARITH(BXOR, { VM_FAST_RESULT(Term::fromRaw((a.raw() ^ b.raw()) | 1)); })
        VM_ARITH(BSL, {
            int64_t x = a.small(), n = b.small();
            if (n >= 0 && n < 62) {
                int64_t r = int64_t(uint64_t(x) << n);
                if ((r >> n) == x && Term::fitsSmall(r)) VM_FAST_RESULT(Term::makeSmall(r));
            }
        })
        VM_ARITH(BSR, {
            int64_t x = a.small(), n = b.small();
            if (n >= 0) VM_FAST_RESULT(Term::makeSmall(n >= 63 ? (x < 0 ? -1 : 0) : (x >> n)));
        })
#undef VM_ARITH
#undef VM_FAST_RESULT

        VM_CASE(ADDI) {
            Term a = R[OP_B];
            int64_t r;
            if (a.isSmall() && !__builtin_add_overflow(int64_t(a.raw()), int64_t(OP_SC) * 2, &r)) {
                R[OP_A] = Term::fromRaw(uint64_t(r));
                pc += 2;
                VM_DISPATCH();
            }
            Term b = Term::makeSmall(OP_SC);
            Term res = arithSlow(heap, Opcode::ADD, a, b);
            if (res.isNonValue()) [[unlikely]] {
                if (int32_t off = int32_t(pc[1])) {
                    pc += off;
                    VM_DISPATCH();
                }
                operatorError(p, fn, pc, Opcode::ADD, a, b, 2);
                goto raise;
            }
            R[OP_A] = res;
            pc += 2;
            VM_DISPATCH();
        }
        // MULI/REMI: `X * 3`, `X rem 2` without a LOADI for the constant. Off the
        // small-integer path they run the generic operator with the constant boxed.
#define VM_ARITH_IMM(OP, GENERIC, ...)                                                             \
    VM_CASE(OP) {                                                                                  \
        Term a = R[OP_B];                                                                          \
        int64_t k = OP_SC;                                                                         \
        if (a.isSmall()) {                                                                         \
            __VA_ARGS__                                                                            \
        }                                                                                          \
        Term b = Term::makeSmall(k);                                                               \
        Term res = arithSlow(heap, Opcode::GENERIC, a, b);                                         \
        if (res.isNonValue()) [[unlikely]] {                                                       \
            if (int32_t off = int32_t(pc[1])) {                                                    \
                pc += off;                                                                         \
                VM_DISPATCH();                                                                     \
            }                                                                                      \
            operatorError(p, fn, pc, Opcode::GENERIC, a, b, 2);                                    \
            goto raise;                                                                            \
        }                                                                                          \
        R[OP_A] = res;                                                                             \
        pc += 2;                                                                                   \
        VM_DISPATCH();                                                                             \
    }
        VM_ARITH_IMM(MULI, MUL, {
            int64_t r;
            if (!__builtin_mul_overflow(a.small(), k, &r) && Term::fitsSmall(r)) {
                R[OP_A] = Term::makeSmall(r);
                pc += 2;
                VM_DISPATCH();
            }
        })
        VM_ARITH_IMM(REMI, REM, {
            if (k != 0) {
                R[OP_A] = Term::makeSmall(k == -1 ? 0 : a.small() % k);
                pc += 2;
                VM_DISPATCH();
            }
        })
#undef VM_ARITH_IMM
        VM_CASE(CMPI) {
            // Small against small: the integer order is the term order, and == is =:=.
            Term a = R[OP_B];
            int64_t k = OP_SC;
            bool r;
            if (a.isSmall()) {
                int64_t x = a.small();
                switch (CmpKind(pc[1])) {
                case CmpKind::ExactEq:
                case CmpKind::Eq: r = x == k; break;
                case CmpKind::ExactNe:
                case CmpKind::Ne: r = x != k; break;
                case CmpKind::Lt: r = x < k; break;
                case CmpKind::Le: r = x <= k; break;
                case CmpKind::Gt: r = x > k; break;
                default: r = x >= k; break;
                }
            } else {
                r = compare(atomTable, CmpKind(pc[1]), a, Term::makeSmall(k));
            }
            R[OP_A] = boolAtom(r);
            pc += 2;
            VM_DISPATCH();
        }
        VM_CASE(NEG)
        VM_CASE(BNOT) {
            Opcode op = Opcode(insn & 0xff);
            Term a = R[OP_B];
            Term res;
            if (a.isSmall() && op == Opcode::BNOT)
                res = Term::fromRaw(a.raw() ^ ~uint64_t(1));
            else if (a.isSmall() && a.small() != Term::kSmallMin)
                res = Term::makeSmall(-a.small());
            else
                res = arithSlow(heap, op, a, a);
            if (res.isNonValue()) [[unlikely]] {
                if (int32_t off = int32_t(pc[1])) {
                    pc += off;
                    VM_DISPATCH();
                }
                operatorError(p, fn, pc, op, a, a, 1);
                goto raise;
            }
            R[OP_A] = res;
            pc += 2;
            VM_DISPATCH();
        }
        VM_CASE(NOT) {
            Term a = R[OP_B];
            if (a == atoms::kTrue || a == atoms::kFalse) {
                R[OP_A] = a == atoms::kTrue ? atoms::kFalse : atoms::kTrue;
                pc += 2;
                VM_DISPATCH();
            }
            if (int32_t off = int32_t(pc[1])) {
                pc += off;
                VM_DISPATCH();
            }
            operatorError(p, fn, pc, Opcode::NOT, a, a, 1);
            goto raise;
        }
        VM_CASE(CMP) {
            R[OP_A] = boolAtom(compare(atomTable, CmpKind(pc[1]), R[OP_B], R[OP_C]));
            pc += 2;
            VM_DISPATCH();
        }

        // ---- calls ----
        VM_CASE(CALL) {
            const CallTarget* t = fn->targets[pc[1]];
            if (const FunctionCode* c = t->codeNow()) [[likely]] {
                uint32_t nb = base + OP_A;
                if (p.frameTop == p.frameLimit && !p.growFrames()) [[unlikely]]
                    goto stack_overflow;
                if (!p.reserveStack(nb + c->frameSize)) [[unlikely]]
                    goto stack_overflow;
                *p.frameTop++ = CallFrame{fn, pc + 2, base, nb};
                ncode = c;
                nbase = nb;
                nlive = OP_B;
                goto enter;
            }
            ct = t;
            argBase = resultSlot = base + OP_A;
            nargs = OP_B;
            tail = false;
            retPc = pc + 2;
            goto call_target;
        }
        VM_CASE(TAILCALL) {
            const CallTarget* t = fn->targets[pc[1]];
            if (const FunctionCode* c = t->codeNow()) [[likely]] {
                if (c == fn) {
                    // A loop written as self tail recursion: same frame, base, stack
                    // and literals. Only the safe point's work remains, and when it
                    // has some (a collection or the end of the slice) it goes through
                    // `enter` like every call.
                    // Base R0: the compiler placed the arguments already.
                    uint32_t a = OP_A, n = OP_B;
                    if (a != 0)
                        for (uint32_t i = 0; i < n; ++i)
                            R[i] = R[a + i];
                    if (reds > 1 && !heap.wantsCollection()) [[likely]] {
                        --reds;
                        pc = fn->code.data();
                        VM_DISPATCH();
                    }
                    ncode = c;
                    nbase = base;
                    nlive = n;
                    goto enter;
                }
                if (!p.reserveStack(base + c->frameSize)) [[unlikely]]
                    goto stack_overflow;
                REDERIVE();
                uint32_t a = OP_A, n = OP_B;
                for (uint32_t i = 0; i < n; ++i)
                    R[i] = R[a + i]; // moves down: no overlap hazard
                ncode = c;
                nbase = base;
                nlive = n;
                goto enter;
            }
            ct = t;
            argBase = base + OP_A;
            nargs = OP_B;
            tail = true;
            goto call_target;
        }
        VM_CASE(CALL_FUN1) {
            // CALL_FUN A 1 with the fun and the argument taken from where they are:
            // the two MOVEs into the window, fused.
            funTerm = R[OP_B];
            Term arg = R[OP_C];
            R[OP_A] = funTerm;
            R[OP_A + 1] = arg;
            resultSlot = base + OP_A;
            argBase = resultSlot + 1;
            nargs = 1;
            tail = false;
            retPc = pc + 1;
            goto call_fun;
        }
        VM_CASE(CALL_FUN) {
            funTerm = R[OP_A];
            resultSlot = base + OP_A;
            argBase = resultSlot + 1;
            nargs = OP_B;
            tail = false;
            retPc = pc + 1;
            goto call_fun;
        }
        VM_CASE(TAILCALL_FUN) {
            funTerm = R[OP_A];
            argBase = base + OP_A + 1;
            nargs = OP_B;
            tail = true;
            goto call_fun;
        }
        VM_CASE(APPLY) {
            resultSlot = base + OP_A;
            argBase = resultSlot + 2;
            nargs = OP_B;
            tail = false;
            retPc = pc + 1;
            goto apply_mfa;
        }
        VM_CASE(TAILAPPLY) {
            argBase = base + OP_A + 2;
            nargs = OP_B;
            tail = true;
            goto apply_mfa;
        }
        VM_CASE(APPLY_LIST)
        VM_CASE(TAILAPPLY_LIST) {
            tail = Opcode(insn & 0xff) == Opcode::TAILAPPLY_LIST;
            resultSlot = base + OP_A;
            argBase = resultSlot + 2;
            retPc = pc + 1;
            int64_t n = spreadList(p, R[OP_A + 2], argBase);
            REDERIVE();
            if (n < 0) {
                p.badarg();
                goto raise;
            }
            nargs = uint32_t(n);
            goto apply_mfa;
        }
        VM_CASE(APPLY_FUN_LIST)
        VM_CASE(TAILAPPLY_FUN_LIST) {
            tail = Opcode(insn & 0xff) == Opcode::TAILAPPLY_FUN_LIST;
            funTerm = R[OP_A];
            resultSlot = base + OP_A;
            argBase = resultSlot + 1;
            retPc = pc + 1;
            int64_t n = spreadList(p, R[OP_A + 1], argBase);
            REDERIVE();
            if (n < 0) {
                p.badarg();
                goto raise;
            }
            nargs = uint32_t(n);
            goto call_fun;
        }
        VM_CASE(BIF) {
            const BifEntry* b = fn->bifs[pc[1]];
            Term r = b->fn(p, R + OP_B);
            if (r.isNonValue()) [[unlikely]] {
                if (int32_t off = int32_t(pc[2])) {
                    pc += off;
                    VM_DISPATCH();
                }
                bifError(p, fn, pc, b, R + OP_B);
                goto raise;
            }
            R[OP_A] = r;
            pc += 3;
            if (p.parkRequested) [[unlikely]]
                goto park;
            VM_DISPATCH();
        }
        VM_CASE(RETURN) {
            value = R[OP_A];
            goto do_return;
        }

        // ---- exceptions ----
        VM_CASE(TRY)
        VM_CASE(CATCH) {
            p.handlers.push_back(ExceptionHandler{fn, pc + int32_t(pc[1]), base,
                                                  uint32_t(p.frameDepth()), uint8_t(OP_A),
                                                  Opcode(insn & 0xff) == Opcode::CATCH});
            pc += 2;
            VM_DISPATCH();
        }
        VM_CASE(TRY_END) {
            if (p.handlers.size() > entryHandlers) p.handlers.pop_back();
            pc += 1;
            VM_DISPATCH();
        }
        VM_CASE(RAISE) {
            auto cls = exceptionClassFromAtom(R[OP_A]);
            if (!cls) {
                p.badarg();
                goto raise;
            }
            Term st = R[OP_C];
            if (st.isNonValue() || !st.isListOrNil())
                p.raise(*cls, R[OP_B]);
            else
                p.raiseWithStacktrace(*cls, R[OP_B], st);
            goto raise;
        }
        VM_CASE(ERROR) {
            errorInstruction(p, fn, pc, ErrorKind(OP_B), R[OP_A], R);
            goto raise;
        }

        // ---- binaries ----
        VM_CASE(BS_BUILD) {
            Term r = bsBuild(p, R + OP_B, OP_C, K[pc[1]]);
            if (r.isNonValue()) FAIL_TO(pc[2]);
            R[OP_A] = r;
            pc += 3;
            VM_DISPATCH();
        }
        VM_CASE(BS_START) {
            Term r = bsStart(p, R[OP_B]);
            if (r.isNonValue()) FAIL_TO(pc[1]);
            R[OP_A] = r;
            pc += 2;
            VM_DISPATCH();
        }
        VM_CASE(BS_GET) {
            Term r = bsGet(p, R[OP_B], R[OP_C], K[pc[1]]);
            if (r.isNonValue()) FAIL_TO(pc[2]);
            R[OP_A] = r;
            pc += 3;
            VM_DISPATCH();
        }
        VM_CASE(BS_TEST_TAIL) {
            pc += bsTestTail(R[OP_A], pc[1]) ? 3 : int32_t(pc[2]);
            VM_DISPATCH();
        }
        VM_CASE(BS_REST) {
            R[OP_A] = bsRest(p, R[OP_B]);
            pc += 1;
            VM_DISPATCH();
        }

        // Receive (isa.h). The cursor walks the mailbox; at its end, signals that
        // arrived meanwhile are taken in before giving up.
        VM_CASE(RECV_PEEK) {
            if (p.receiveCursor >= p.mailboxSize() && p.signals().pending()) {
                if (!handleSignals(p)) goto raise;
            }
            if (p.receiveCursor < p.mailboxSize()) {
                R[OP_A] = p.mailbox()[p.receiveCursor];
                pc += 2;
            } else {
                pc += int32_t(pc[1]);
            }
            VM_DISPATCH();
        }
        VM_CASE(RECV_NEXT) {
            ++p.receiveCursor;
            pc += int32_t(pc[1]);
            VM_DISPATCH();
        }
        VM_CASE(RECV_ACCEPT) {
            if (p.receiveCursor < p.mailboxSize()) p.mailbox().removeAt(p.receiveCursor);
            p.receiveCursor = 0;
            p.waitArmed = false;
            pc += 1;
            VM_DISPATCH();
        }
        VM_CASE(RECV_WAIT) {
            // Reached with the cursor past every message: new ones send us back to
            // the scan (the cursor stays on the first new message); otherwise the
            // timeout decides between suspending and the `after` branch.
            if (p.signals().pending() && !handleSignals(p)) goto raise;
            if (p.receiveCursor < p.mailboxSize()) {
                pc += int32_t(pc[1]);
                VM_DISPATCH();
            }
            switch (checkReceiveTimeout(p, R[OP_A])) {
            case WaitCheck::TimedOut:
                p.receiveCursor = 0;
                pc += 2;
                VM_DISPATCH();
            case WaitCheck::BadValue: goto raise;
            case WaitCheck::Wait: break;
            }
            p.reductions = reds;
            p.resume = ResumePoint{fn, pc, base, 0};
            return RunStatus::Waiting;
        }

#if VM_USE_SWITCH
    default: p.badarg(); goto raise;
    }
#endif

    // ---------------------------------------------------------------------------------
    // Shared paths. Inputs are set by the cases that jump here.

    // Function entry, the safe point. ncode/nbase: the callee and its window, whose
    // stack space is reserved; nlive: registers holding its arguments (and closure).
enter:
    fn = ncode;
    base = nbase;
    REDERIVE();
    K = fn->literals.data();
    pc = fn->code.data();
    SAFEPOINT(nlive, std::max(fn->frameSize, nlive));
    VM_DISPATCH();

do_return : {
    CallFrame* f = --p.frameTop;
    S[f->result] = value;
    if (!f->fn) [[unlikely]] {
        p.reductions = reds;
        p.exitValue = value;
        return RunStatus::Returned;
    }
    fn = f->fn;
    pc = f->pc;
    base = f->base;
    R = S + base;
    K = fn->literals.data();
    VM_DISPATCH();
}

    // ct: a target (maybe empty); argBase, nargs, resultSlot, tail, retPc.
call_target:
    if (!ct->codeNow() && !ct->bifNow()) {
        if (ct->pinnedHash) [[unlikely]] {
            // Code by hash that is not loaded yet (lazy shipping): the runtime's
            // handler loads it (retry), raises, or parks the process at the call
            // instruction, which runs again once the process is woken.
            const Runtime::MissingCode answer = rt.missingCode(p, *ct);
            REDERIVE();
            if (answer == Runtime::MissingCode::Suspend) {
                p.reductions = reds;
                p.waitArmed = false;
                p.resume = ResumePoint{fn, pc, base, 0};
                return RunStatus::Waiting;
            }
            if (answer == Runtime::MissingCode::Raised) goto raise;
            goto call_target;
        }
        const CallTarget* r = rt.resolve(ct->module, ct->name, ct->arity);
        REDERIVE();
        if (!r) {
            undefError(p, fn, pc, ct->module, ct->name, S + argBase, nargs);
            goto raise;
        }
        ct = r;
    }
    if (const FunctionCode* c = ct->codeNow()) {
        if (tail) {
            if (!p.reserveStack(base + std::max(c->frameSize, nargs))) goto stack_overflow;
            REDERIVE();
            if (argBase != base)
                std::memmove(static_cast<void*>(R), S + argBase, nargs * sizeof(Term));
            nbase = base;
        } else {
            if (p.frameTop == p.frameLimit && !p.growFrames()) goto stack_overflow;
            if (!p.reserveStack(argBase + std::max(c->frameSize, nargs))) goto stack_overflow;
            REDERIVE();
            *p.frameTop++ = CallFrame{fn, retPc, base, resultSlot};
            nbase = argBase;
        }
        ncode = c;
        nlive = nargs;
        goto enter;
    }
    {
        const BifEntry* b = ct->bifNow();
        Term r = b->fn(p, S + argBase);
        if (r.isNonValue()) {
            if (p.retryCallOnWorker) [[unlikely]] {
                // The BIF must not block this thread (Scheduler::deferBlockingCall):
                // yield with the call not made; it runs again on a worker.
                p.retryCallOnWorker = false;
                p.reductions = reds;
                p.resume = ResumePoint{fn, pc, base, 0};
                return RunStatus::Yielded;
            }
            bifError(p, fn, pc, b, S + argBase);
            goto raise;
        }
        if (p.parkRequested) [[unlikely]] {
            // Park where the call returns to: after the return for a tail call
            // (unless that ends the entry function, which then returns as usual).
            if (!tail) {
                S[resultSlot] = r;
                pc = retPc;
                goto park;
            }
            if (const CallFrame* f = p.frameTop - 1; f->fn) {
                --p.frameTop;
                S[f->result] = r;
                fn = f->fn;
                pc = f->pc;
                base = f->base;
                goto park;
            }
            p.parkRequested = false;
        }
        if (tail) {
            value = r;
            goto do_return;
        }
        S[resultSlot] = r;
        pc = retPc;
        VM_DISPATCH();
    }

    // A BIF did its work and asked to stop here (Process::parkRequested): the process
    // waits, as in receive, until a signal wakes it, then goes on at pc.
park:
    p.parkRequested = false;
    p.reductions = reds;
    p.waitArmed = false;
    p.resume = ResumePoint{fn, pc, base, 0};
    return RunStatus::Waiting;

    // R[A]:R[A+1](args at argBase): resolve by name at run time.
apply_mfa : {
    Term m = S[argBase - 2], f = S[argBase - 1];
    if (!m.isAtom() || !f.isAtom()) {
        p.badarg();
        goto raise;
    }
    const CallTarget* r = rt.resolve(m, f, nargs);
    REDERIVE();
    if (!r) {
        undefError(p, fn, pc, m, f, S + argBase, nargs);
        goto raise;
    }
    ct = r;
    goto call_target;
}

    // funTerm applied to args at argBase (nargs); resultSlot, tail, retPc.
call_fun:
    if (funTerm.isBoxKind(BoxKind::Fun)) {
        const FunEntry* e = funEntryOf(funTerm);
        if (e->isPurged()) [[unlikely]] {
            badfunError(p, funTerm);
            goto raise;
        }
        if (e->arity != nargs) {
            badarityError(p, funTerm, S + argBase, nargs);
            goto raise;
        }
        const FunctionCode* c = e->code;
        uint32_t nfree = e->numFree;
        uint32_t live = nargs + nfree + 1;
        uint32_t dest = tail ? base : argBase;
        if (!tail && p.frameTop == p.frameLimit && !p.growFrames()) goto stack_overflow;
        if (!p.reserveStack(dest + std::max(c->frameSize, live))) goto stack_overflow;
        REDERIVE();
        if (dest != argBase)
            std::memmove(static_cast<void*>(S + dest), S + argBase, nargs * sizeof(Term));
        const Term* env = funTerm.boxedPtr() + 2;
        std::copy(env, env + nfree, S + dest + nargs);
        S[dest + nargs + nfree] = funTerm;
        if (!tail) *p.frameTop++ = CallFrame{fn, retPc, base, resultSlot};
        ncode = c;
        nbase = dest;
        nlive = live;
        goto enter;
    }
    if (funTerm.isBoxKind(BoxKind::Export)) {
        const Term* ex = funTerm.boxedPtr();
        if (!ex[3].isSmall() || ex[3].small() != int64_t(nargs)) {
            badarityError(p, funTerm, S + argBase, nargs);
            goto raise;
        }
        const CallTarget* r = rt.resolve(ex[1], ex[2], nargs);
        REDERIVE();
        if (!r) {
            undefError(p, fn, pc, ex[1], ex[2], S + argBase, nargs);
            goto raise;
        }
        ct = r;
        goto call_target;
    }
    badfunError(p, funTerm);
    goto raise;

stack_overflow:
    p.error(atoms::kSystemLimit);
    goto raise;

raise : {
    Resume at{fn, pc, base};
    if (!unwind(p, at, entryFrames, entryHandlers)) {
        p.reductions = reds;
        p.waitArmed = false;
        return RunStatus::Raised;
    }
    fn = at.fn;
    pc = at.pc;
    base = at.base;
    REDERIVE();
    K = fn->literals.data();
    VM_DISPATCH();
}
}

// Pushes the boundary frame for a native entry and returns the base for the callee.
uint32_t beginEntry(Process& p) {
    uint32_t base = p.frameDepth() == 0 ? 0 : uint32_t(p.stackHigh());
    if (p.frameTop == p.frameLimit) p.growFrames();
    *p.frameTop++ = CallFrame{nullptr, nullptr, 0, base};
    return base;
}

CallResult failure(Process& p) {
    CallResult res;
    res.cls = p.exceptionClass();
    res.reason = p.exceptionReason();
    res.stacktrace = p.exceptionStacktrace();
    return res;
}

// The host thread blocks while its process waits in receive: until a waker flips
// the state back (signals.h wake) or the receive deadline passes.
void waitAsHost(Process& p) {
    if (!p.host) p.host = std::make_unique<HostWait>();
    p.state.store(ProcessState::Waiting);
    std::unique_lock lock(p.host->mutex);
    auto woken = [&] {
        if (p.state.load() != ProcessState::Waiting) return true;
        if (p.signals().pending()) {
            ProcessState w = ProcessState::Waiting;
            p.state.compare_exchange_strong(w, ProcessState::Runnable);
            return true;
        }
        return false;
    };
    if (p.waitArmed && !p.waitInfinite)
        p.host->cv.wait_until(lock, p.waitDeadline, woken);
    else
        p.host->cv.wait(lock, woken);
    p.state.store(ProcessState::Running);
}

// Runs the entry set up in p.resume on this thread until it returns or raises.
CallResult drive(Process& p, uint32_t entryFrames, uint32_t entryHandlers) {
    if (!p.host) p.host = std::make_unique<HostWait>();
    const uint32_t savedFrames = p.entryFrames, savedHandlers = p.entryHandlers;
    p.entryFrames = entryFrames;
    p.entryHandlers = entryHandlers;
    p.state.store(ProcessState::Running);
    RunStatus st;
    while (true) {
        // Remote sends leave when the slice ends, before this thread waits
        // (Distribution::cork).
        p.runtime().distribution().cork();
        st = execute(p);
        p.runtime().distribution().uncork();
        if (st == RunStatus::Yielded) continue;
        if (st == RunStatus::Waiting) {
            waitAsHost(p);
            continue;
        }
        break;
    }
    p.entryFrames = savedFrames;
    p.entryHandlers = savedHandlers;
    if (st == RunStatus::Returned)
        return CallResult{true, p.exitValue, ExceptionClass::Error, Term::nil(), Term::nil()};
    CallResult res = failure(p);
    p.raise(ExceptionClass::Error, Term::nil()); // drop the references
    p.killed = false;
    return res;
}

CallResult enterFunction(Process& p, const FunctionCode* fn, uint32_t base, uint32_t live) {
    const uint32_t frames = uint32_t(p.frameDepth() - 1), handlers = uint32_t(p.handlers.size());
    p.resume = ResumePoint{fn, nullptr, base, live};
    return drive(p, frames, handlers);
}

CallResult callTargetNative(Process& p, const CallTarget* ct, std::span<const Term> args) {
    if (ct->codeNow()) return callFunction(p, ct->codeNow(), args);
    Term r = ct->bifNow()->fn(p, args.data());
    p.parkRequested = false; // a host's call does not park (its send went anyway)
    if (r.isNonValue()) {
        bifError(p, nullptr, nullptr, ct->bifNow(), args.data());
        return failure(p);
    }
    return CallResult{true, r, ExceptionClass::Error, Term::nil(), Term::nil()};
}

} // namespace

RunStatus runProcess(Process& p) {
    return execute(p);
}

CallResult callFunction(Process& p, const FunctionCode* fn, std::span<const Term> args) {
    uint32_t n = uint32_t(args.size());
    if (n != fn->arity) {
        p.error(atoms::kBadarg);
        p.setExceptionStacktrace(Term::nil());
        return failure(p);
    }
    uint32_t base = beginEntry(p);
    if (!p.reserveStack(base + std::max(fn->frameSize, n))) {
        --p.frameTop;
        p.error(atoms::kSystemLimit);
        p.setExceptionStacktrace(Term::nil());
        return failure(p);
    }
    std::copy(args.begin(), args.end(), p.stack() + base);
    return enterFunction(p, fn, base, n);
}

CallResult callMfa(Process& p, Term module, Term name, std::span<const Term> args) {
    const CallTarget* ct = p.runtime().resolve(module, name, uint32_t(args.size()));
    if (!ct) {
        undefError(p, nullptr, nullptr, module, name, args.data(), uint32_t(args.size()));
        return failure(p);
    }
    return callTargetNative(p, ct, args);
}

CallResult callFun(Process& p, Term fun, std::span<const Term> args) {
    uint32_t n = uint32_t(args.size());
    if (fun.isBoxKind(BoxKind::Fun)) {
        const FunEntry* e = funEntryOf(fun);
        if (e->isPurged()) [[unlikely]] {
            badfunError(p, fun);
            p.setExceptionStacktrace(Term::nil());
            return failure(p);
        }
        if (e->arity != n) {
            badarityError(p, fun, args.data(), n);
            p.setExceptionStacktrace(Term::nil());
            return failure(p);
        }
        uint32_t live = n + e->numFree + 1;
        uint32_t base = beginEntry(p);
        if (!p.reserveStack(base + std::max(e->code->frameSize, live))) {
            --p.frameTop;
            p.error(atoms::kSystemLimit);
            p.setExceptionStacktrace(Term::nil());
            return failure(p);
        }
        Term* S = p.stack() + base;
        std::copy(args.begin(), args.end(), S);
        const Term* env = fun.boxedPtr() + 2;
        std::copy(env, env + e->numFree, S + n);
        S[n + e->numFree] = fun;
        return enterFunction(p, e->code, base, live);
    }
    if (fun.isBoxKind(BoxKind::Export)) {
        const Term* ex = fun.boxedPtr();
        if (!ex[3].isSmall() || ex[3].small() != int64_t(n)) {
            badarityError(p, fun, args.data(), n);
            p.setExceptionStacktrace(Term::nil());
            return failure(p);
        }
        return callMfa(p, ex[1], ex[2], args);
    }
    badfunError(p, fun);
    p.setExceptionStacktrace(Term::nil());
    return failure(p);
}

} // namespace pfun::vm
