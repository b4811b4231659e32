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

#include "pfun/loader/register_access.h"
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
    const uint32_t w = fn.code[pc];
    const Opcode op = vm::decodeOp(w);
    // Reads and writes: the verifier's own definition (loader/register_access.h).
    const loader::RegisterAccess x = loader::registerAccess(fn, &mod, pc);
    for (int i = 0; i < x.readCount; ++i)
        for (uint32_t r = 0; r < x.reads[i].count; ++r)
            e.uses.push_back(x.reads[i].first + r);
    for (int i = 0; i < x.writeCount; ++i)
        e.defs.push_back(x.writes[i]);
    if (x.call) e.callBase = x.writes[0];
    // Successors: the J words (TRY and CATCH: their handler, where they write),
    // jump tables, and the next instruction unless control cannot fall through.
    const vm::OpcodeInfo& info = vm::opcodeInfo(op);
    for (uint32_t i = 0; i < info.wordCount; ++i) {
        const int32_t off = int32_t(fn.code[pc + 1 + i]);
        if (info.words[i] != vm::Operand::J || off == 0) continue;
        if (op == Opcode::TRY || op == Opcode::CATCH) {
            const uint32_t a = vm::decodeA(w);
            e.handler.push_back({int64_t(pc) + off, op == Opcode::TRY
                                                        ? std::vector<uint32_t>{a, a + 1, a + 2}
                                                        : std::vector<uint32_t>{a}});
        } else {
            e.succ.push_back(int64_t(pc) + off);
        }
    }
    const bool select = op == Opcode::SELECT_VAL || op == Opcode::SELECT_ARITY;
    if (select)
        for (int32_t t : fn.tables[fn.code[pc + 1]].targets)
            e.succ.push_back(int64_t(pc) + t);
    if (!select && !loader::endsFlow(op)) e.succ.push_back(pc + vm::instructionLength(op));
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
