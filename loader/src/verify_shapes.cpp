// Shape facts for the decomposition instructions, which read their operand without a
// type check (isa.h: "a test precedes them"). A forward data-flow pass over the
// control-flow graph tracks, per register, what is known about its term:
//   kUnknown, kCons (a non-empty list), or n >= 0 (a tuple of at least n elements).
// Tests refine facts on their success edge (TEST_TYPE Cons/Tuple, TEST_ARITY, each
// SELECT_ARITY target); writes replace them (MOVE copies, CONS and TUPLE create,
// LOADK of a literal tuple or list); calls clobber their window and everything above;
// an exception handler starts with nothing known. At join points facts meet (equal
// facts stay, two tuples keep the smaller arity, anything else becomes kUnknown).
// The lattice has finite height, so the work list terminates.
#include "verify_shapes.h"

#include "pfun/vm/isa.h"

#include <algorithm>
#include <cstdint>

namespace pfun::loader::detail {

using vm::Opcode;
using vm::Operand;

namespace {

using Fact = int32_t;
constexpr Fact kUnknown = -1;
constexpr Fact kCons = -2;

// Work bound: facts are stored per instruction word and register.
constexpr uint64_t kMaxStateCells = uint64_t(1) << 26;

Fact meet(Fact a, Fact b) {
    if (a == b) return a;
    if (a >= 0 && b >= 0) return std::min(a, b);
    return kUnknown;
}

Fact tupleFact(uint64_t arity) {
    return Fact(std::min<uint64_t>(arity, 1u << 30));
}

Fact literalFact(vm::Term t) {
    if (t.isList()) return kCons;
    if (t.isTuple()) return tupleFact(t.tupleArity());
    return kUnknown;
}

bool writesNothing(Opcode op) {
    switch (op) {
    case Opcode::TEST_TYPE:
    case Opcode::TEST_ARITY:
    case Opcode::TEST_CMP:
    case Opcode::TEST_EQ_K:
    case Opcode::TEST_NE_K:
    case Opcode::SELECT_VAL:
    case Opcode::SELECT_ARITY:
    case Opcode::JUMP:
    case Opcode::RETURN:
    case Opcode::TRY:
    case Opcode::TRY_END:
    case Opcode::CATCH:
    case Opcode::RAISE:
    case Opcode::ERROR:
    case Opcode::BS_TEST_TAIL:
    case Opcode::RECV_NEXT:
    case Opcode::RECV_ACCEPT:
    case Opcode::RECV_WAIT: return true;
    default: return false;
    }
}

bool endsFlow(Opcode op) {
    switch (op) {
    case Opcode::RETURN:
    case Opcode::JUMP:
    case Opcode::TAILCALL:
    case Opcode::TAILCALL_FUN:
    case Opcode::TAILAPPLY:
    case Opcode::TAILAPPLY_LIST:
    case Opcode::TAILAPPLY_FUN_LIST:
    case Opcode::RAISE:
    case Opcode::ERROR:
    case Opcode::RECV_NEXT: return true;
    default: return false;
    }
}

bool isTest(Opcode op) {
    return (op >= Opcode::TEST_TYPE && op <= Opcode::TEST_NE_K) || op == Opcode::SELECT_VAL ||
           op == Opcode::SELECT_ARITY || op == Opcode::BS_TEST_TAIL;
}

class ShapeFlow {
  public:
    ShapeFlow(const vm::FunctionCode& fn, const std::vector<bool>& boundary)
        : fn_(fn), boundary_(boundary), regs_(fn.frameSize) {}

    std::string run() {
        const size_t n = fn_.code.size();
        if (uint64_t(n) * regs_ > kMaxStateCells) return "@0: function too large to verify";
        states_.assign(n * regs_, kUnknown);
        seen_.assign(n, false);
        std::vector<Fact> entry(regs_, kUnknown);
        flow(0, entry.data());
        std::vector<Fact> cur(regs_), post(regs_), edge(regs_);
        while (!work_.empty()) {
            uint32_t pc = work_.back();
            work_.pop_back();
            std::copy_n(states_.begin() + ptrdiff_t(size_t(pc) * regs_), regs_, cur.begin());
            if (std::string p = step(pc, cur, post, edge); !p.empty()) return p;
        }
        return {};
    }

  private:
    // Merges `s` into the state at `to`; queues `to` when that changed something.
    void flow(uint32_t to, const Fact* s) {
        Fact* d = states_.data() + size_t(to) * regs_;
        if (!seen_[to]) {
            seen_[to] = true;
            std::copy_n(s, regs_, d);
            work_.push_back(to);
            return;
        }
        bool changed = false;
        for (uint32_t r = 0; r < regs_; ++r) {
            Fact m = meet(d[r], s[r]);
            if (m != d[r]) {
                d[r] = m;
                changed = true;
            }
        }
        if (changed) work_.push_back(to);
    }

    std::string step(uint32_t pc, std::vector<Fact>& cur, std::vector<Fact>& post,
                     std::vector<Fact>& edge) {
        const uint32_t w = fn_.code[pc];
        const Opcode op = vm::decodeOp(w);
        const vm::OpcodeInfo& info = vm::opcodeInfo(op);
        const uint32_t a = vm::decodeA(w), b = vm::decodeB(w), c = vm::decodeC(w);
        const uint32_t* words = fn_.code.data() + pc + 1;
        auto bad = [&](const std::string& what) {
            return "@" + std::to_string(pc) + ": " + std::string(info.name) + ": " + what;
        };

        // Reads that need a shape.
        switch (op) {
        case Opcode::GET_HD:
        case Opcode::GET_TL:
            if (cur[b] != kCons)
                return bad("R" + std::to_string(b) + " is not known to be a list cell");
            break;
        case Opcode::GET_LIST:
            if (cur[c] != kCons)
                return bad("R" + std::to_string(c) + " is not known to be a list cell");
            break;
        case Opcode::GET_ELEM:
            if (cur[b] < 0 || uint64_t(words[0]) >= uint64_t(cur[b]))
                return bad("R" + std::to_string(b) + " is not known to be a tuple with element " +
                           std::to_string(words[0]));
            break;
        default: break;
        }

        // The state after the instruction on its normal path.
        post = cur;
        switch (op) {
        case Opcode::MOVE: post[a] = cur[b]; break;
        case Opcode::SWAP: std::swap(post[a], post[b]); break;
        case Opcode::LOADK: post[a] = literalFact(fn_.literals[words[0]]); break;
        case Opcode::CONS: post[a] = kCons; break;
        case Opcode::TUPLE: post[a] = tupleFact(c); break;
        case Opcode::GET_LIST:
        case Opcode::BS_GET:
            post[a] = kUnknown;
            post[b] = kUnknown;
            break;
        case Opcode::CALL:
        case Opcode::CALL_FUN:
        case Opcode::APPLY:
        case Opcode::APPLY_LIST:
        case Opcode::APPLY_FUN_LIST: std::fill(post.begin() + a, post.end(), kUnknown); break;
        case Opcode::TEST_TYPE:
            if (vm::TypeTest(b) == vm::TypeTest::Cons) post[a] = kCons;
            if (vm::TypeTest(b) == vm::TypeTest::Tuple && post[a] < 0) post[a] = 0;
            break;
        case Opcode::TEST_ARITY: post[a] = tupleFact(words[0]); break;
        default:
            if (!writesNothing(op) && info.a == Operand::R) post[a] = kUnknown;
            break;
        }

        // Jump edges: a test's failure edge keeps what was known before it; a
        // handler starts from nothing; other jumps (failure of a fallible operation)
        // see the instruction's writes as if they had happened.
        for (uint32_t i = 0; i < info.wordCount; ++i) {
            if (info.words[i] != Operand::J || words[i] == 0) continue;
            uint32_t to = uint32_t(int64_t(pc) + int32_t(words[i]));
            if (op == Opcode::TRY || op == Opcode::CATCH) {
                std::fill(edge.begin(), edge.end(), kUnknown);
                flow(to, edge.data());
            } else {
                flow(to, isTest(op) ? cur.data() : post.data());
            }
        }
        if (op == Opcode::SELECT_VAL || op == Opcode::SELECT_ARITY) {
            const vm::JumpTable& t = fn_.tables[words[0]];
            for (size_t i = 0; i < t.targets.size(); ++i) {
                edge = cur;
                if (op == Opcode::SELECT_ARITY && t.values[i].isSmall() && t.values[i].small() >= 0)
                    edge[a] = tupleFact(uint64_t(t.values[i].small()));
                flow(uint32_t(int64_t(pc) + t.targets[i]), edge.data());
            }
            return {}; // the default target is the J word; no fall-through
        }
        if (!endsFlow(op)) {
            uint32_t next = pc + vm::instructionLength(op);
            if (next < fn_.code.size() && boundary_[next]) flow(next, post.data());
        }
        return {};
    }

    const vm::FunctionCode& fn_;
    const std::vector<bool>& boundary_;
    const uint32_t regs_;
    std::vector<Fact> states_;
    std::vector<bool> seen_;
    std::vector<uint32_t> work_;
};

} // namespace

std::string checkShapes(const vm::FunctionCode& fn, const std::vector<bool>& boundary) {
    return ShapeFlow(fn, boundary).run();
}

} // namespace pfun::loader::detail
