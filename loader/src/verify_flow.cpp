// Register states along the control flow. A forward data-flow pass over the
// instructions keeps, per register, one fact:
//   kUndefined  not written on some path (reading it is an error)
//   kUnknown    written, shape unknown
//   kCons       a non-empty list
//   n >= 0      a tuple of at least n elements
//   spill(n)    a spill area of at least n elements: a fresh tuple SPILL_NEW made in
//               this frame, the only tuple SPILL_PUT may write into (any other may
//               be a literal shared by every process)
//   kBuilder    a list builder HOLE_NEW made in this frame: only HOLE_PUT and
//               HOLE_RETURN (as A) may read it, so its cells, stored into in place,
//               are seen by nothing before the list is finished and returned; any
//               other read (a MOVE, a call window, a capture) is an error
// and per instruction the stack of exception handlers (their target pcs) pushed in this
// frame. Tests refine facts on their success edge (TEST_TYPE cons/tuple, TEST_ARITY,
// each SELECT_ARITY target); writes replace them (MOVE copies, CONS, TUPLE and
// SPILL_NEW and HOLE_NEW create, LOADK of a literal list or tuple); a call leaves its result in its
// base register and garbage (kUndefined) above it; a fallible operation's failure edge leaves what
// it writes as it was, or kUnknown. At join points facts meet (equal facts stay, two tuples keep
// the smaller arity and stay spill areas only if both are, anything with kUndefined is kUndefined,
// a builder with anything but a builder is kUndefined, anything else is kUnknown) and handler
// stacks must be equal.
//
// Exceptions: every instruction inside a protected region may transfer to the
// innermost handler, so its state before and after flows to the handler's target,
// where the handler is popped (isa.h) and its result registers are written. The
// lattice has finite height and each state only moves down, so the work list ends.
#include "verify_flow.h"

#include "pfun/loader/register_access.h"

#include "pfun/vm/isa.h"

#include <algorithm>
#include <cstdint>
#include <unordered_map>

namespace pfun::loader::detail {

using vm::Opcode;
using vm::Operand;

namespace {

using Fact = int32_t;
constexpr Fact kUndefined = -3;
constexpr Fact kCons = -2;
constexpr Fact kUnknown = -1;
constexpr Fact kBuilder = -4;
// Facts <= kSpillBase: a spill area (a fresh tuple made by SPILL_NEW in this frame) of
// at least kSpillBase - f elements. Only a spill area may be written in place: a
// tuple from anywhere else may be a literal, shared by every process.
constexpr Fact kSpillBase = -5;
constexpr uint64_t kMaxArityFact = uint64_t(1) << 30;

// Work bound: facts are stored per instruction word and register.
constexpr uint64_t kMaxStateCells = uint64_t(1) << 24; // 64 MB at most, briefly
constexpr size_t kMaxHandlerDepth = 1024;

Fact tupleFact(uint64_t arity) {
    return Fact(std::min(arity, kMaxArityFact));
}
Fact spillFact(uint64_t arity) {
    return kSpillBase - Fact(std::min(arity, kMaxArityFact));
}
bool isSpill(Fact f) {
    return f <= kSpillBase;
}
bool isTuple(Fact f) {
    return f >= 0 || isSpill(f);
}
uint64_t arityOf(Fact f) {
    return f >= 0 ? uint64_t(f) : uint64_t(kSpillBase - f);
}

Fact meet(Fact a, Fact b) {
    if (a == b) return a;
    if (a == kUndefined || b == kUndefined) return kUndefined;
    // Maybe a builder: readable neither as a term nor as a builder.
    if (a == kBuilder || b == kBuilder) return kUndefined;
    if (isSpill(a) && isSpill(b)) return spillFact(std::min(arityOf(a), arityOf(b)));
    if (isTuple(a) && isTuple(b)) return tupleFact(std::min(arityOf(a), arityOf(b)));
    return kUnknown;
}

// A successful arity test: the term is that tuple (and still a spill area if it was).
Fact withArity(Fact before, uint64_t arity) {
    return isSpill(before) ? spillFact(arity) : tupleFact(arity);
}

Fact literalFact(vm::Term t) {
    if (t.isList()) return kCons;
    if (t.isTuple()) return tupleFact(t.tupleArity());
    return kUnknown;
}

bool isTest(Opcode op) {
    return (op >= Opcode::TEST_TYPE && op <= Opcode::TEST_NE_K) || op == Opcode::SELECT_VAL ||
           op == Opcode::SELECT_ARITY || op == Opcode::BS_TEST_TAIL || op == Opcode::RECV_PEEK ||
           op == Opcode::RECV_NEXT || op == Opcode::RECV_WAIT || op == Opcode::JUMP ||
           op == Opcode::TEST_GET_LIST;
}

struct State {
    std::vector<Fact> regs;
    std::vector<uint32_t> handlers; // handler target pcs, innermost last
};

class Flow {
  public:
    Flow(const vm::FunctionCode& fn, const vm::ModuleCode* module,
         const std::vector<bool>& boundary)
        : fn_(fn), module_(module), boundary_(boundary), regs_(fn.frameSize) {}

    std::string run(uint32_t entryDefined) {
        const size_t n = fn_.code.size();
        if (uint64_t(n) * regs_ > kMaxStateCells) return "@0: function too large to verify";
        facts_.assign(n * regs_, kUndefined);
        handlers_.assign(n, {});
        seen_.assign(n, false);
        State entry{std::vector<Fact>(regs_, kUndefined), {}};
        for (uint32_t r = 0; r < std::min(entryDefined, regs_); ++r)
            entry.regs[r] = kUnknown;
        flow(0, entry);
        State cur, post, edge;
        while (error_.empty() && !work_.empty()) {
            uint32_t pc = work_.back();
            work_.pop_back();
            cur.regs.assign(facts_.begin() + ptrdiff_t(size_t(pc) * regs_),
                            facts_.begin() + ptrdiff_t(size_t(pc + 1) * regs_));
            cur.handlers = handlers_[pc];
            step(pc, cur, post, edge);
        }
        return error_;
    }

  private:
    void fail(uint32_t pc, const std::string& what) {
        if (error_.empty())
            error_ = "@" + std::to_string(pc) + ": " +
                     std::string(vm::opcodeInfo(vm::decodeOp(fn_.code[pc])).name) + ": " + what;
    }

    // Merges `s` into the state at `to`; queues `to` when that changed something.
    void flow(uint32_t to, const State& s, uint32_t from = 0) {
        Fact* d = facts_.data() + size_t(to) * regs_;
        if (!seen_[to]) {
            seen_[to] = true;
            std::copy(s.regs.begin(), s.regs.end(), d);
            handlers_[to] = s.handlers;
            work_.push_back(to);
            return;
        }
        if (handlers_[to] != s.handlers) {
            fail(from, "reaches @" + std::to_string(to) + " with different exception handlers");
            return;
        }
        bool changed = false;
        for (uint32_t r = 0; r < regs_; ++r) {
            Fact m = meet(d[r], s.regs[r]);
            if (m != d[r]) {
                d[r] = m;
                changed = true;
            }
        }
        if (changed) work_.push_back(to);
    }

    // An exception at this point goes to the innermost handler, popped, with its
    // result registers written.
    void flowToHandler(uint32_t pc, const State& s, State& edge) {
        if (s.handlers.empty()) return;
        const uint32_t target = s.handlers.back();
        const uint32_t hw = fn_.code[handlerPc_.at(target)];
        edge = s;
        edge.handlers.pop_back();
        const uint32_t a = vm::decodeA(hw);
        const uint32_t count = vm::decodeOp(hw) == Opcode::TRY ? 3 : 1;
        for (uint32_t r = a; r < a + count && r < regs_; ++r)
            edge.regs[r] = kUnknown;
        flow(target, edge, pc);
    }

    void step(uint32_t pc, State& cur, State& post, State& edge) {
        const uint32_t w = fn_.code[pc];
        const Opcode op = vm::decodeOp(w);
        const vm::OpcodeInfo& info = vm::opcodeInfo(op);
        const uint32_t a = vm::decodeA(w), b = vm::decodeB(w), c = vm::decodeC(w);
        const uint32_t* words = fn_.code.data() + pc + 1;
        const RegisterAccess x = registerAccess(fn_, module_, pc);

        // HOLE_PUT and HOLE_RETURN read their builder (A, the first read) as one.
        const bool usesBuilder = op == Opcode::HOLE_PUT || op == Opcode::HOLE_RETURN;
        for (int i = 0; i < x.readCount; ++i)
            for (uint32_t r = x.reads[i].first; r < x.reads[i].first + x.reads[i].count; ++r) {
                if (r >= regs_) continue;
                if (cur.regs[r] == kUndefined)
                    return fail(pc, "R" + std::to_string(r) + " may be read before it is written");
                if (usesBuilder && i == 0) {
                    if (cur.regs[r] != kBuilder)
                        return fail(pc,
                                    "R" + std::to_string(r) + " is not known to be a list builder");
                } else if (cur.regs[r] == kBuilder) {
                    return fail(pc, "R" + std::to_string(r) +
                                        " is a list builder: only HOLE_PUT and HOLE_RETURN "
                                        "may read it");
                }
            }
        switch (op) {
        case Opcode::GET_HD:
        case Opcode::GET_TL:
            if (cur.regs[b] != kCons)
                return fail(pc, "R" + std::to_string(b) + " is not known to be a list cell");
            break;
        case Opcode::GET_LIST:
            if (cur.regs[c] != kCons)
                return fail(pc, "R" + std::to_string(c) + " is not known to be a list cell");
            break;
        case Opcode::GET_ELEM:
            if (!isTuple(cur.regs[b]) || uint64_t(words[0]) >= arityOf(cur.regs[b]))
                return fail(pc, "R" + std::to_string(b) +
                                    " is not known to be a tuple with element " +
                                    std::to_string(words[0]));
            break;
        case Opcode::SPILL_PUT:
            if (!isSpill(cur.regs[a]) || uint64_t(words[0]) >= arityOf(cur.regs[a]))
                return fail(pc, "R" + std::to_string(a) +
                                    " is not known to be a spill area with element " +
                                    std::to_string(words[0]));
            break;
        default: break;
        }

        // The state after the instruction on its normal path.
        post = cur;
        if (x.call) std::fill(post.regs.begin() + a, post.regs.end(), kUndefined);
        for (int i = 0; i < x.writeCount; ++i)
            post.regs[x.writes[i]] = kUnknown;
        switch (op) {
        case Opcode::MOVE: post.regs[a] = cur.regs[b]; break;
        case Opcode::SWAP: std::swap(post.regs[a], post.regs[b]); break;
        case Opcode::LOADK: post.regs[a] = literalFact(fn_.literals[words[0]]); break;
        case Opcode::CONS: post.regs[a] = kCons; break;
        case Opcode::TEST_GET_LIST:
            // Succeeded: R[C] is a cell, unless it is one of the two just written.
            if (c != a && c != b) post.regs[c] = kCons;
            break;
        case Opcode::TUPLE: post.regs[a] = tupleFact(c); break;
        case Opcode::SPILL_NEW: post.regs[a] = spillFact(words[0]); break;
        case Opcode::HOLE_NEW: post.regs[a] = kBuilder; break;
        case Opcode::TEST_TYPE:
            if (vm::TypeTest(b) == vm::TypeTest::Cons) post.regs[a] = kCons;
            if (vm::TypeTest(b) == vm::TypeTest::Tuple && !isTuple(post.regs[a]))
                post.regs[a] = tupleFact(0);
            break;
        case Opcode::TEST_ARITY: post.regs[a] = withArity(cur.regs[a], words[0]); break;
        case Opcode::TRY:
        case Opcode::CATCH: {
            const uint32_t target = uint32_t(int64_t(pc) + int32_t(words[0]));
            if (post.handlers.size() >= kMaxHandlerDepth) return fail(pc, "handlers nest too deep");
            auto [it, fresh] = handlerPc_.emplace(target, pc);
            if (!fresh && it->second != pc)
                return fail(pc, "two handlers share the target @" + std::to_string(target));
            post.handlers.push_back(target);
            break;
        }
        case Opcode::TRY_END:
            if (post.handlers.empty()) return fail(pc, "no exception handler to pop");
            post.handlers.pop_back();
            break;
        default: break;
        }
        if (endsFlow(op) && op != Opcode::JUMP && op != Opcode::RECV_NEXT && op != Opcode::RAISE &&
            op != Opcode::ERROR && !cur.handlers.empty())
            return fail(pc, "leaves the function with an exception handler pushed");

        // Exceptions inside a protected region.
        flowToHandler(pc, cur, edge);
        if (x.call) flowToHandler(pc, post, edge);

        // Jump edges. A test (and a plain jump or receive step) jumps with what was
        // known before it; TRY and CATCH only push their handler here; a fallible
        // operation's failure edge has not written its result.
        for (uint32_t i = 0; i < info.wordCount; ++i) {
            if (info.words[i] != Operand::J || words[i] == 0) continue;
            if (op == Opcode::TRY || op == Opcode::CATCH) continue;
            const uint32_t to = uint32_t(int64_t(pc) + int32_t(words[i]));
            if (isTest(op)) {
                flow(to, cur, pc);
            } else {
                edge = cur;
                for (int k = 0; k < x.writeCount; ++k) {
                    Fact& f = edge.regs[x.writes[k]];
                    if (f != kUndefined) f = kUnknown;
                }
                flow(to, edge, pc);
            }
        }
        if (op == Opcode::SELECT_VAL || op == Opcode::SELECT_ARITY) {
            const vm::JumpTable& t = fn_.tables[words[0]];
            for (size_t i = 0; i < t.targets.size(); ++i) {
                edge = cur;
                if (op == Opcode::SELECT_ARITY && t.values[i].isSmall() && t.values[i].small() >= 0)
                    edge.regs[a] = withArity(cur.regs[a], uint64_t(t.values[i].small()));
                flow(uint32_t(int64_t(pc) + t.targets[i]), edge, pc);
            }
            return; // the default target is the J word; no fall-through
        }
        if (!endsFlow(op)) {
            const uint32_t next = pc + vm::instructionLength(op);
            if (next < fn_.code.size() && boundary_[next]) flow(next, post, pc);
        }
    }

    const vm::FunctionCode& fn_;
    const vm::ModuleCode* module_;
    const std::vector<bool>& boundary_;
    const uint32_t regs_;
    std::vector<Fact> facts_;
    std::vector<std::vector<uint32_t>> handlers_;
    std::vector<bool> seen_;
    std::vector<uint32_t> work_;
    std::unordered_map<uint32_t, uint32_t> handlerPc_; // handler target -> its TRY/CATCH
    std::string error_;
};

} // namespace

std::string checkFlow(const vm::FunctionCode& fn, const vm::ModuleCode* module,
                      const std::vector<bool>& boundary, uint32_t entryDefined) {
    return Flow(fn, module, boundary).run(entryDefined);
}

} // namespace pfun::loader::detail
