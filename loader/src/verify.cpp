// The bytecode verifier (verify.h). Three passes per function: the first finds the
// instruction boundaries (so that jumps can be checked against them), the second
// checks every operand, the third (verify_flow.cpp) follows register states and
// exception handlers along every path. Checks never stop at the
// first problem, except where decoding cannot go on (an unknown opcode), so the compiler's self
// check reports everything at once; the report is capped to stay small on hostile input.
#include "pfun/loader/verify.h"

#include "verify_flow.h"

#include "pfun/vm/isa.h"

#include <algorithm>
#include <string>
#include <vector>

namespace pfun::loader {

using vm::Opcode;
using vm::Operand;

namespace {

constexpr size_t kMaxProblems = 32;
// A spill area holds the variables of one clause that do not fit in registers.
constexpr uint32_t kMaxSpillArea = 1u << 16;

// J operands where 0 means "raise the error" rather than a jump. The others (tests,
// selects, plain jumps, handlers, receive) always jump, and a jump to the instruction
// itself is never meaningful.
bool zeroMeansRaise(Opcode op) {
    switch (op) {
    case Opcode::JUMP:
    case Opcode::TRY:
    case Opcode::CATCH:
    case Opcode::MAP_GET:
    case Opcode::SELECT_VAL:
    case Opcode::SELECT_ARITY:
    case Opcode::BS_START:
    case Opcode::BS_GET:
    case Opcode::BS_TEST_TAIL:
    case Opcode::RECV_PEEK:
    case Opcode::RECV_NEXT:
    case Opcode::RECV_WAIT:
    case Opcode::TEST_TYPE:
    case Opcode::TEST_ARITY:
    case Opcode::TEST_CMP:
    case Opcode::TEST_EQ_K:
    case Opcode::TEST_NE_K:
    case Opcode::TEST_GET_LIST: return false;
    default: return true;
    }
}

class FunctionChecker {
  public:
    FunctionChecker(const vm::FunctionCode& fn, const vm::ModuleCode* module,
                    std::string_view label)
        : fn_(fn), module_(module), label_(label) {}

    std::string run() {
        if (fn_.frameSize > vm::kMaxRegisters) problem(0, "frame larger than the register limit");
        if (fn_.frameSize < fn_.arity) problem(0, "frame smaller than the arity");
        if (fn_.frameSize == 0) problem(0, "empty frame");
        if (fn_.code.empty()) {
            problem(0, "no code");
            return out_;
        }
        if (!findBoundaries()) return out_;
        for (size_t i = 0; i < fn_.targets.size(); ++i)
            if (!fn_.targets[i]) problem(0, "call target " + std::to_string(i) + " is empty");
        uint32_t pc = 0;
        Opcode last = Opcode::RETURN;
        while (pc < fn_.code.size()) {
            last = vm::decodeOp(fn_.code[pc]);
            checkInstruction(pc);
            pc += vm::instructionLength(last);
        }
        if (!detail::endsFlow(last))
            problem(lastPc_, "the last instruction falls through past the end");
        for (size_t i = 1; i < fn_.lines.size(); ++i)
            if (fn_.lines[i].pc < fn_.lines[i - 1].pc)
                problem(fn_.lines[i].pc, "line table not sorted");
        // The data-flow pass relies on every operand being in range.
        if (count_ == 0) {
            std::string flow = detail::checkFlow(fn_, module_, boundary_, entryDefined());
            if (!flow.empty()) out_ += std::string(label_) + " " + flow + "\n";
        }
        return out_;
    }

  private:
    // Registers written when the function starts: the arguments, and for a lambda
    // body also its captured values and the fun itself (isa.h).
    uint32_t entryDefined() const {
        uint64_t n = fn_.arity;
        if (fn_.lambdaIndex >= 0 && module_ && size_t(fn_.lambdaIndex) < module_->lambdas.size() &&
            module_->lambdas[size_t(fn_.lambdaIndex)])
            n = uint64_t(module_->lambdas[size_t(fn_.lambdaIndex)]->arity) +
                module_->lambdas[size_t(fn_.lambdaIndex)]->numFree + 1;
        return uint32_t(std::min<uint64_t>(n, fn_.frameSize));
    }

    void problem(uint32_t pc, const std::string& what) {
        if (count_ == kMaxProblems) out_ += std::string(label_) + ": (more problems not shown)\n";
        if (count_++ >= kMaxProblems) return;
        out_ += std::string(label_) + " @" + std::to_string(pc) + ": " + what + "\n";
    }

    // Marks instruction starts; false when the stream cannot be decoded.
    bool findBoundaries() {
        boundary_.assign(fn_.code.size(), false);
        uint32_t pc = 0;
        while (pc < fn_.code.size()) {
            boundary_[pc] = true;
            lastPc_ = pc;
            uint32_t op = fn_.code[pc] & 0xff;
            if (op >= uint32_t(Opcode::Count)) {
                problem(pc, "unknown opcode " + std::to_string(op));
                return false;
            }
            uint32_t len = vm::instructionLength(Opcode(op));
            if (fn_.code.size() - pc < len) {
                problem(pc, "last instruction runs past the end");
                return false;
            }
            pc += len;
        }
        return true;
    }

    bool jumpOk(uint32_t at, int32_t offset) const {
        int64_t to = int64_t(at) + offset;
        return offset != 0 && to >= 0 && to < int64_t(fn_.code.size()) && boundary_[size_t(to)];
    }
    bool rangeOk(uint32_t first, uint64_t count) const {
        return uint64_t(first) + count <= fn_.frameSize;
    }

    void checkInstruction(uint32_t pc) {
        const uint32_t w = fn_.code[pc];
        const Opcode op = vm::decodeOp(w);
        const vm::OpcodeInfo& info = vm::opcodeInfo(op);
        const std::string name(info.name);
        const Operand kinds[3] = {info.a, info.b, info.c};
        const uint32_t fields[3] = {vm::decodeA(w), vm::decodeB(w), vm::decodeC(w)};
        for (int i = 0; i < 3; ++i) {
            if (kinds[i] == Operand::R && fields[i] >= fn_.frameSize)
                problem(pc, name + ": register R" + std::to_string(fields[i]) +
                                " outside the frame of " + std::to_string(fn_.frameSize));
            if (kinds[i] == Operand::None && fields[i] != 0)
                problem(pc, name + ": unused field is not zero");
        }
        const uint32_t a = fields[0], b = fields[1], c = fields[2];
        const uint32_t* words = fn_.code.data() + pc + 1;

        // Kinds carried in U operands.
        switch (op) {
        case Opcode::TEST_TYPE:
            if (b >= uint32_t(vm::TypeTest::Count)) problem(pc, name + ": unknown type test");
            break;
        case Opcode::TEST_CMP:
            if (c >= uint32_t(vm::CmpKind::Count)) problem(pc, name + ": unknown comparison");
            break;
        case Opcode::CMP:
        case Opcode::CMPI:
            if (words[0] >= uint32_t(vm::CmpKind::Count))
                problem(pc, name + ": unknown comparison");
            break;
        case Opcode::ERROR:
            if (b >= uint32_t(vm::ErrorKind::Count)) problem(pc, name + ": unknown error kind");
            break;
        case Opcode::SPILL_NEW:
            if (words[0] > kMaxSpillArea) problem(pc, name + ": spill area too large");
            break;
        default: break;
        }

        // Register windows the operands imply.
        bool rangeBad = false;
        switch (op) {
        case Opcode::TUPLE: rangeBad = !rangeOk(b, c); break;
        case Opcode::MAP_NEW: rangeBad = !rangeOk(b, 2ull * c); break;
        case Opcode::MAP_PUT:
        case Opcode::MAP_UPDATE: rangeBad = !rangeOk(c, 2ull * words[0]); break;
        case Opcode::CALL:
        case Opcode::TAILCALL: rangeBad = !rangeOk(a, std::max(b, 1u)); break;
        case Opcode::CALL_FUN:
        case Opcode::TAILCALL_FUN: rangeBad = !rangeOk(a, b + 1ull); break;
        case Opcode::CALL_FUN1: rangeBad = !rangeOk(a, 2); break;
        case Opcode::APPLY:
        case Opcode::TAILAPPLY: rangeBad = !rangeOk(a, b + 2ull); break;
        case Opcode::APPLY_LIST:
        case Opcode::TAILAPPLY_LIST: rangeBad = !rangeOk(a, 3); break;
        case Opcode::APPLY_FUN_LIST:
        case Opcode::TAILAPPLY_FUN_LIST: rangeBad = !rangeOk(a, 2); break;
        case Opcode::BIF: rangeBad = !rangeOk(b, c); break;
        case Opcode::TRY: rangeBad = !rangeOk(a, 3); break;
        case Opcode::BS_BUILD: rangeBad = !rangeOk(b, 2ull * c); break;
        case Opcode::MAKE_FUN:
            if (module_ && words[0] < module_->lambdas.size() && module_->lambdas[words[0]])
                rangeBad = !rangeOk(b, module_->lambdas[words[0]]->numFree);
            break;
        default: break;
        }
        if (rangeBad) problem(pc, name + ": register range outside the frame");

        for (uint32_t i = 0; i < info.wordCount; ++i) {
            const uint32_t v = words[i];
            switch (info.words[i]) {
            case Operand::K:
                if (v >= fn_.literals.size()) problem(pc, name + ": literal index out of range");
                break;
            case Operand::F:
                if (v >= fn_.targets.size() || !fn_.targets[v]) {
                    problem(pc, name + ": call target out of range");
                } else if ((op == Opcode::CALL || op == Opcode::TAILCALL) &&
                           fn_.targets[v]->arity != b) {
                    problem(pc, name + ": " + std::to_string(b) +
                                    " arguments for a target of arity " +
                                    std::to_string(fn_.targets[v]->arity));
                }
                break;
            case Operand::B: checkBif(pc, name, v, c); break;
            case Operand::L:
                if (!module_ || v >= module_->lambdas.size())
                    problem(pc, name + ": lambda index out of range");
                break;
            case Operand::T: checkTable(pc, name, v); break;
            case Operand::J:
                if (v == 0 && zeroMeansRaise(op)) break;
                if (!jumpOk(pc, int32_t(v))) problem(pc, name + ": bad jump");
                break;
            default: break;
            }
        }
    }

    void checkBif(uint32_t pc, const std::string& name, uint32_t index, uint32_t argc) {
        uint32_t arity = 0;
        if (!fn_.bifs.empty()) {
            if (index >= fn_.bifs.size() || !fn_.bifs[index]) {
                problem(pc, name + ": BIF index out of range");
                return;
            }
            arity = fn_.bifs[index]->arity;
        } else {
            if (index >= fn_.bifNames.size()) {
                problem(pc, name + ": BIF index out of range");
                return;
            }
            arity = fn_.bifNames[index].arity;
        }
        if (arity != argc)
            problem(pc, name + ": " + std::to_string(argc) + " arguments for a BIF of arity " +
                            std::to_string(arity));
    }

    void checkTable(uint32_t pc, const std::string& name, uint32_t index) {
        if (index >= fn_.tables.size()) {
            problem(pc, name + ": jump table index out of range");
            return;
        }
        const vm::JumpTable& t = fn_.tables[index];
        if (t.values.size() != t.targets.size()) problem(pc, name + ": jump table malformed");
        for (int32_t off : t.targets)
            if (!jumpOk(pc, off)) {
                problem(pc, name + ": jump table target not an instruction");
                break;
            }
    }

    const vm::FunctionCode& fn_;
    const vm::ModuleCode* module_;
    std::string_view label_;
    std::vector<bool> boundary_;
    uint32_t lastPc_ = 0;
    std::string out_;
    size_t count_ = 0;
};

} // namespace

std::string verifyFunction(const vm::FunctionCode& fn, const vm::ModuleCode* module,
                           std::string_view label) {
    return FunctionChecker(fn, module, label).run();
}

std::string verifyModule(const vm::ModuleCode& module) {
    std::string out;
    const size_t nf = module.functions.size();
    for (size_t i = 0; i < nf; ++i) {
        const std::string label = "function #" + std::to_string(i);
        if (!module.functions[i]) {
            out += label + ": missing\n";
            continue;
        }
        const vm::FunctionCode& fn = *module.functions[i];
        out += verifyFunction(fn, &module, label);
        if (fn.lambdaIndex >= 0) {
            if (size_t(fn.lambdaIndex) >= module.lambdas.size() ||
                !module.lambdas[size_t(fn.lambdaIndex)]) {
                out += label + ": lambda index out of range\n";
            } else if (module.lambdas[size_t(fn.lambdaIndex)]->code != &fn) {
                out += label + ": lambda table does not point at its body\n";
            }
        }
    }
    for (size_t i = 0; i < module.lambdas.size(); ++i) {
        const std::string label = "lambda #" + std::to_string(i);
        const vm::FunEntry* fe = module.lambdas[i].get();
        if (!fe || !fe->code) {
            out += label + ": no body\n";
            continue;
        }
        if (fe->code->lambdaIndex != int32_t(i))
            out += label + ": body is not marked as this lambda's\n";
        if (uint64_t(fe->code->frameSize) < uint64_t(fe->arity) + fe->numFree + 1)
            out += label + ": frame too small for arguments, free variables and self\n";
    }
    for (uint32_t e : module.exports)
        if (e >= nf) out += "export index out of range\n";
    // Source ranges are debug info, but whoever slices the source relies on them.
    if (!module.source.empty()) {
        for (size_t i = 0; i < nf; ++i) {
            const vm::FunctionCode* fn = module.functions[i].get();
            if (fn && (fn->sourceBegin > fn->sourceEnd || fn->sourceEnd > module.source.size()))
                out += "function #" + std::to_string(i) + ": source range outside the source\n";
        }
    }
    return out;
}

} // namespace pfun::loader
