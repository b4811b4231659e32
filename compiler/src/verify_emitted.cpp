// The emitted-code self check: operand ranges and jump targets of every instruction.
// It knows nothing of how the code was produced, so it is also the seed of the
// loader's verifier for code that arrives from outside.
#include "pfun/compiler/compile.h"
#include "pfun/vm/isa.h"

#include <string>
#include <vector>

namespace pfun::compiler {

using vm::Operand;

static std::string checkFunction(const vm::FunctionCode& fn, size_t lambdaCount,
                                 std::string_view label) {
    std::string out;
    auto problem = [&](uint32_t pc, const std::string& what) {
        out += std::string(label) + " @" + std::to_string(pc) + ": " + what + "\n";
    };
    if (fn.frameSize > vm::kMaxRegisters) problem(0, "frame larger than the register limit");
    if (fn.frameSize < fn.arity) problem(0, "frame smaller than the arity");
    // Instruction boundaries first.
    std::vector<bool> boundary(fn.code.size() + 1, false);
    uint32_t pc = 0;
    while (pc < fn.code.size()) {
        boundary[pc] = true;
        auto op = vm::decodeOp(fn.code[pc]);
        if (size_t(op) >= size_t(vm::Opcode::Count)) {
            problem(pc, "unknown opcode");
            return out;
        }
        pc += vm::instructionLength(op);
    }
    if (pc != fn.code.size()) problem(pc, "last instruction runs past the end");
    auto jumpOk = [&](uint32_t at, int64_t offset) {
        int64_t to = int64_t(at) + offset;
        return to >= 0 && to < int64_t(fn.code.size()) && boundary[size_t(to)];
    };
    pc = 0;
    while (pc < fn.code.size()) {
        uint32_t w = fn.code[pc];
        auto op = vm::decodeOp(w);
        const vm::OpcodeInfo& info = vm::opcodeInfo(op);
        uint32_t len = vm::instructionLength(op);
        if (pc + len > fn.code.size()) break;
        Operand kinds[3] = {info.a, info.b, info.c};
        uint32_t fields[3] = {vm::decodeA(w), vm::decodeB(w), vm::decodeC(w)};
        for (int i = 0; i < 3; ++i) {
            if (kinds[i] == Operand::R && fields[i] >= fn.frameSize)
                problem(pc, std::string(info.name) + ": register R" + std::to_string(fields[i]) +
                                " outside the frame of " + std::to_string(fn.frameSize));
            if (kinds[i] == Operand::None && fields[i] != 0)
                problem(pc, std::string(info.name) + ": unused field is not zero");
        }
        // Register ranges that the operands imply (windows, tuples, segments).
        auto rangeOk = [&](uint32_t first, uint32_t count) {
            return uint64_t(first) + count <= fn.frameSize;
        };
        uint32_t a = fields[0], b = fields[1], c = fields[2];
        bool rangeBad = false;
        switch (op) {
        case vm::Opcode::TUPLE: rangeBad = c && !rangeOk(b, c); break;
        case vm::Opcode::MAP_NEW: rangeBad = c && !rangeOk(b, 2 * c); break;
        case vm::Opcode::MAP_PUT:
        case vm::Opcode::MAP_UPDATE: rangeBad = !rangeOk(c, 2 * fn.code[pc + 1]); break;
        case vm::Opcode::CALL:
        case vm::Opcode::TAILCALL: rangeBad = !rangeOk(a, std::max(b, 1u)); break;
        case vm::Opcode::CALL_FUN:
        case vm::Opcode::TAILCALL_FUN: rangeBad = !rangeOk(a, b + 1); break;
        case vm::Opcode::APPLY:
        case vm::Opcode::TAILAPPLY: rangeBad = !rangeOk(a, b + 2); break;
        case vm::Opcode::APPLY_LIST:
        case vm::Opcode::TAILAPPLY_LIST: rangeBad = !rangeOk(a, 3); break;
        case vm::Opcode::APPLY_FUN_LIST:
        case vm::Opcode::TAILAPPLY_FUN_LIST: rangeBad = !rangeOk(a, 2); break;
        case vm::Opcode::BIF: rangeBad = c && !rangeOk(b, c); break;
        case vm::Opcode::TRY: rangeBad = !rangeOk(a, 3); break;
        case vm::Opcode::BS_BUILD: rangeBad = c && !rangeOk(b, 2 * c); break;
        default: break;
        }
        if (rangeBad) problem(pc, std::string(info.name) + ": register range outside the frame");
        for (uint32_t i = 0; i < info.wordCount; ++i) {
            uint32_t v = fn.code[pc + 1 + i];
            switch (info.words[i]) {
            case Operand::K:
                if (v >= fn.literals.size()) problem(pc, "literal index out of range");
                break;
            case Operand::F:
                if (v >= fn.targets.size() || !fn.targets[v])
                    problem(pc, "call target out of range");
                break;
            case Operand::B:
                if (v >= fn.bifs.size() || !fn.bifs[v]) problem(pc, "BIF index out of range");
                break;
            case Operand::L:
                if (v >= lambdaCount) problem(pc, "lambda index out of range");
                break;
            case Operand::T:
                if (v >= fn.tables.size()) {
                    problem(pc, "jump table index out of range");
                } else {
                    const vm::JumpTable& t = fn.tables[v];
                    if (t.values.size() != t.targets.size()) problem(pc, "jump table malformed");
                    for (int32_t off : t.targets)
                        if (!jumpOk(pc, off)) problem(pc, "jump table target not an instruction");
                }
                break;
            case Operand::J: {
                bool mayRaise = op != vm::Opcode::JUMP && op != vm::Opcode::TRY &&
                                op != vm::Opcode::CATCH && op != vm::Opcode::MAP_GET &&
                                op != vm::Opcode::SELECT_VAL && op != vm::Opcode::SELECT_ARITY &&
                                op != vm::Opcode::BS_START && op != vm::Opcode::BS_GET &&
                                op != vm::Opcode::BS_TEST_TAIL && op != vm::Opcode::RECV_PEEK &&
                                op != vm::Opcode::RECV_NEXT && op != vm::Opcode::RECV_WAIT &&
                                !(op >= vm::Opcode::TEST_TYPE && op <= vm::Opcode::TEST_NE_K);
                if (v == 0 && mayRaise) break;
                if (!jumpOk(pc, int32_t(v))) problem(pc, std::string(info.name) + ": bad jump");
                break;
            }
            default: break;
            }
        }
        pc += len;
    }
    for (size_t i = 1; i < fn.lines.size(); ++i)
        if (fn.lines[i].pc < fn.lines[i - 1].pc) problem(fn.lines[i].pc, "line table not sorted");
    return out;
}

std::string verifyEmitted(const vm::ModuleCode& module) {
    std::string out;
    for (size_t i = 0; i < module.functions.size(); ++i) {
        const vm::FunctionCode& fn = *module.functions[i];
        out += checkFunction(fn, module.lambdas.size(), "function #" + std::to_string(i));
        if (fn.lambdaIndex >= 0) {
            if (size_t(fn.lambdaIndex) >= module.lambdas.size()) {
                out += "function #" + std::to_string(i) + ": lambda index out of range\n";
            } else {
                const vm::FunEntry& fe = *module.lambdas[size_t(fn.lambdaIndex)];
                if (fe.code != &fn) out += "lambda table does not point at its body\n";
                if (fn.frameSize < fe.arity + fe.numFree + 1)
                    out += "lambda frame too small for arguments, free variables and self\n";
            }
        }
    }
    for (uint32_t e : module.exports)
        if (e >= module.functions.size()) out += "export index out of range\n";
    return out;
}

} // namespace pfun::compiler
