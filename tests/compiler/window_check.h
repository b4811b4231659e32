// A register-window checker for compiled code: a backward liveness analysis over
// the instructions, then two checks the interpreter relies on:
//   - no register above a call's base register is live after the call (the call
//     clobbers everything from its base up, isa.h);
//   - no instruction writes an argument register R[0..arity) of a plain function
//     (function_clause must still see the arguments), except the argument
//     placement of a tail call: moves and loads that run straight into a TAILCALL
//     with base R0, after which nothing of the function runs.
// Returns one line per violation.
#pragma once

#include "pfun/vm/code.h"
#include "pfun/vm/isa.h"

#include <set>
#include <string>
#include <vector>

namespace pfun::compiler::testing {

struct InstrEffect {
    std::vector<uint32_t> uses, defs;
    std::vector<int64_t> succ;                                      // absolute pcs
    std::vector<std::pair<int64_t, std::vector<uint32_t>>> handler; // pc, regs set there
    int64_t callBase = -1; // base register of a clobbering call
};

inline InstrEffect effectOf(const vm::FunctionCode& fn, const vm::ModuleCode& mod, uint32_t pc) {
    using vm::Opcode;
    InstrEffect e;
    uint32_t w = fn.code[pc];
    Opcode op = vm::decodeOp(w);
    uint32_t a = vm::decodeA(w), b = vm::decodeB(w), c = vm::decodeC(w);
    auto word = [&](uint32_t i) { return fn.code[pc + 1 + i]; };
    auto range = [](std::vector<uint32_t>& v, uint32_t first, uint32_t n) {
        for (uint32_t i = 0; i < n; ++i)
            v.push_back(first + i);
    };
    int64_t next = pc + vm::instructionLength(op);
    bool falls = true;
    auto jumpTo = [&](uint32_t wi) {
        int32_t off = int32_t(word(wi));
        if (off != 0) e.succ.push_back(int64_t(pc) + off);
    };
    switch (op) {
    case Opcode::MOVE:
        e.uses = {b};
        e.defs = {a};
        break;
    case Opcode::LOADK:
    case Opcode::LOADI:
    case Opcode::LOADNIL:
    case Opcode::SPILL_NEW: e.defs = {a}; break;
    case Opcode::SPILL_PUT: e.uses = {a, b}; break;
    case Opcode::SWAP:
        e.uses = {a, b};
        e.defs = {a, b};
        break;
    case Opcode::CONS:
        e.uses = {b, c};
        e.defs = {a};
        break;
    case Opcode::TUPLE:
        range(e.uses, b, c);
        e.defs = {a};
        break;
    case Opcode::MAKE_FUN: {
        uint32_t idx = word(0);
        uint32_t nfree = idx < mod.lambdas.size() ? mod.lambdas[idx]->numFree : 0;
        range(e.uses, b, nfree);
        e.defs = {a};
        break;
    }
    case Opcode::MAP_NEW:
        range(e.uses, b, 2 * c);
        e.defs = {a};
        break;
    case Opcode::MAP_PUT:
    case Opcode::MAP_UPDATE:
        e.uses = {b};
        range(e.uses, c, 2 * word(0));
        e.defs = {a};
        jumpTo(1);
        break;
    case Opcode::GET_ELEM:
    case Opcode::GET_HD:
    case Opcode::GET_TL:
        e.uses = {b};
        e.defs = {a};
        break;
    case Opcode::GET_LIST:
        e.uses = {c};
        e.defs = {a, b};
        break;
    case Opcode::MAP_GET:
        e.uses = {b, c};
        e.defs = {a};
        jumpTo(0);
        break;
    case Opcode::TEST_TYPE:
        e.uses = {a};
        jumpTo(0);
        break;
    case Opcode::TEST_ARITY:
        e.uses = {a};
        jumpTo(1);
        break;
    case Opcode::TEST_CMP:
        e.uses = {a, b};
        jumpTo(0);
        break;
    case Opcode::TEST_EQ_K:
    case Opcode::TEST_NE_K:
        e.uses = {a};
        jumpTo(1);
        break;
    case Opcode::SELECT_VAL:
    case Opcode::SELECT_ARITY:
        e.uses = {a};
        for (int32_t t : fn.tables[word(0)].targets)
            e.succ.push_back(int64_t(pc) + t);
        jumpTo(1);
        falls = false;
        break;
    case Opcode::JUMP:
        jumpTo(0);
        falls = false;
        break;
    case Opcode::ADD:
    case Opcode::SUB:
    case Opcode::MUL:
    case Opcode::FDIV:
    case Opcode::IDIV:
    case Opcode::REM:
    case Opcode::BAND:
    case Opcode::BOR:
    case Opcode::BXOR:
    case Opcode::BSL:
    case Opcode::BSR:
        e.uses = {b, c};
        e.defs = {a};
        jumpTo(0);
        break;
    case Opcode::ADDI:
    case Opcode::MULI:
    case Opcode::REMI:
    case Opcode::NEG:
    case Opcode::BNOT:
    case Opcode::NOT:
        e.uses = {b};
        e.defs = {a};
        jumpTo(0);
        break;
    case Opcode::CMP:
        e.uses = {b, c};
        e.defs = {a};
        break;
    case Opcode::CMPI:
        e.uses = {b};
        e.defs = {a};
        break;
    case Opcode::CALL:
        range(e.uses, a, b);
        e.defs = {a};
        e.callBase = a;
        break;
    case Opcode::TAILCALL:
        range(e.uses, a, b);
        falls = false;
        break;
    case Opcode::CALL_FUN:
        range(e.uses, a, b + 1);
        e.defs = {a};
        e.callBase = a;
        break;
    case Opcode::CALL_FUN1:
        e.uses = {b, c};
        e.defs = {a};
        e.callBase = a;
        break;
    case Opcode::TAILCALL_FUN:
        range(e.uses, a, b + 1);
        falls = false;
        break;
    case Opcode::APPLY:
        range(e.uses, a, b + 2);
        e.defs = {a};
        e.callBase = a;
        break;
    case Opcode::TAILAPPLY:
        range(e.uses, a, b + 2);
        falls = false;
        break;
    case Opcode::APPLY_LIST:
        range(e.uses, a, 3);
        e.defs = {a};
        e.callBase = a;
        break;
    case Opcode::APPLY_FUN_LIST:
        range(e.uses, a, 2);
        e.defs = {a};
        e.callBase = a;
        break;
    case Opcode::TAILAPPLY_LIST:
        range(e.uses, a, 3);
        falls = false;
        break;
    case Opcode::TAILAPPLY_FUN_LIST:
        range(e.uses, a, 2);
        falls = false;
        break;
    case Opcode::BIF:
        range(e.uses, b, c);
        e.defs = {a};
        jumpTo(1);
        break;
    case Opcode::RETURN:
        e.uses = {a};
        falls = false;
        break;
    case Opcode::TRY: {
        int32_t off = int32_t(word(0));
        e.handler.push_back({int64_t(pc) + off, {a, a + 1, a + 2}});
        break;
    }
    case Opcode::TRY_END: break;
    case Opcode::CATCH: {
        int32_t off = int32_t(word(0));
        e.handler.push_back({int64_t(pc) + off, {a}});
        break;
    }
    case Opcode::RAISE:
        e.uses = {a, b, c};
        falls = false;
        break;
    case Opcode::ERROR:
        if (b == uint32_t(vm::ErrorKind::FunctionClause))
            range(e.uses, 0, fn.arity);
        else
            e.uses = {a};
        falls = false;
        break;
    case Opcode::BS_BUILD:
        range(e.uses, b, 2 * c);
        e.defs = {a};
        jumpTo(1);
        break;
    case Opcode::BS_START:
        e.uses = {b};
        e.defs = {a};
        jumpTo(0);
        break;
    case Opcode::BS_GET:
        e.uses = {b, c};
        e.defs = {a, b};
        jumpTo(1);
        break;
    case Opcode::BS_TEST_TAIL:
        e.uses = {a};
        jumpTo(1);
        break;
    case Opcode::BS_REST:
        e.uses = {b};
        e.defs = {a};
        break;
    case Opcode::RECV_PEEK:
        e.defs = {a};
        jumpTo(0);
        break;
    case Opcode::RECV_NEXT:
        jumpTo(0);
        falls = false;
        break;
    case Opcode::RECV_ACCEPT: break;
    case Opcode::HOLE_NEW: e.defs = {a}; break;
    case Opcode::TEST_GET_LIST:
        e.uses = {c};
        e.defs = {a, b};
        jumpTo(0);
        break;
    case Opcode::HOLE_PUT: e.uses = {a, b}; break;
    case Opcode::HOLE_RETURN:
        e.uses = {a, b};
        falls = false;
        break;
    case Opcode::RECV_WAIT:
        e.uses = {a};
        jumpTo(0);
        break;
    case Opcode::Count: break;
    }
    if (falls) e.succ.push_back(next);
    return e;
}

// True when instruction i and those after it, up to a TAILCALL with base R0 (or the
// JUMP back to the loop head of a list builder, just after its HOLE_NEW), are all
// MOVE, constant loads or value operations: the in-place argument placement of a
// tail call (its last computed argument may be written in place).
inline bool placesTailCallArguments(const vm::FunctionCode& fn, const std::vector<uint32_t>& starts,
                                    size_t i) {
    using vm::Opcode;
    for (; i < starts.size(); ++i) {
        uint32_t w = fn.code[starts[i]];
        Opcode op = vm::decodeOp(w);
        if (op == Opcode::TAILCALL) return vm::decodeA(w) == 0;
        if (op == Opcode::JUMP) {
            const int64_t to = int64_t(starts[i]) + int32_t(fn.code[starts[i] + 1]);
            for (size_t k = 1; k < starts.size(); ++k)
                if (starts[k] == to)
                    return vm::decodeOp(fn.code[starts[k - 1]]) == Opcode::HOLE_NEW;
            return false;
        }
        if (op != Opcode::MOVE && op != Opcode::LOADK && op != Opcode::LOADI &&
            op != Opcode::LOADNIL && op != Opcode::CONS && op != Opcode::CMP &&
            op != Opcode::CMPI && !(op >= Opcode::ADD && op <= Opcode::ADDI) &&
            op != Opcode::MULI && op != Opcode::REMI)
            return false;
    }
    return false;
}

inline std::string checkWindows(const vm::FunctionCode& fn, const vm::ModuleCode& mod,
                                const std::string& name) {
    std::vector<uint32_t> starts;
    for (uint32_t pc = 0; pc < fn.code.size();
         pc += vm::instructionLength(vm::decodeOp(fn.code[pc])))
        starts.push_back(pc);
    std::vector<InstrEffect> eff;
    std::vector<int64_t> indexOf(fn.code.size() + 1, -1);
    for (size_t i = 0; i < starts.size(); ++i) {
        indexOf[starts[i]] = int64_t(i);
        eff.push_back(effectOf(fn, mod, starts[i]));
    }
    using Set = std::set<uint32_t>;
    std::vector<Set> liveIn(starts.size());
    auto liveAt = [&](int64_t pc) -> Set {
        if (pc < 0 || pc >= int64_t(fn.code.size()) || indexOf[size_t(pc)] < 0) return {};
        return liveIn[size_t(indexOf[size_t(pc)])];
    };
    auto liveOut = [&](size_t i) {
        Set out;
        for (int64_t s : eff[i].succ) {
            Set l = liveAt(s);
            out.insert(l.begin(), l.end());
        }
        return out;
    };
    bool changed = true;
    while (changed) {
        changed = false;
        for (size_t i = starts.size(); i-- > 0;) {
            Set live = liveOut(i);
            for (uint32_t d : eff[i].defs)
                live.erase(d);
            live.insert(eff[i].uses.begin(), eff[i].uses.end());
            for (auto& [hpc, set] : eff[i].handler) {
                Set h = liveAt(hpc);
                for (uint32_t r : set)
                    h.erase(r);
                live.insert(h.begin(), h.end());
            }
            if (live != liveIn[i]) {
                liveIn[i] = std::move(live);
                changed = true;
            }
        }
    }
    std::string problems;
    for (size_t i = 0; i < starts.size(); ++i) {
        if (eff[i].callBase >= 0) {
            for (uint32_t r : liveOut(i))
                if (int64_t(r) > eff[i].callBase)
                    problems += name + " @" + std::to_string(starts[i]) + ": R" +
                                std::to_string(r) + " live across a call with base R" +
                                std::to_string(eff[i].callBase) + "\n";
        }
        if (fn.lambdaIndex < 0 && !placesTailCallArguments(fn, starts, i))
            for (uint32_t d : eff[i].defs)
                if (d < fn.arity)
                    problems += name + " @" + std::to_string(starts[i]) +
                                ": writes argument register R" + std::to_string(d) + "\n";
    }
    return problems;
}

inline std::string checkWindows(const vm::ModuleCode& mod, const vm::AtomTable& atoms) {
    std::string out;
    for (const auto& f : mod.functions)
        out += checkWindows(*f, mod, atoms.name(f->name) + "/" + std::to_string(f->arity));
    return out;
}

} // namespace pfun::compiler::testing
