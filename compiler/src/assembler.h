// Assembler: appends encoded instructions to one FunctionCode, resolves labels and
// keeps the line table.
//
// Jumps are written against labels and patched when the function is finished
// (offsets are relative to the start of the jumping instruction, isa.h). Label 0
// (kRaise) encodes J == 0: "raise instead of jumping". The line table gets an entry
// whenever an instruction is emitted under a different source line than the previous
// one, so every instruction that may raise maps to the line of the expression that
// produced it.
#pragma once

#include "pfun/vm/code.h"
#include "pfun/vm/isa.h"

#include <cstdint>
#include <initializer_list>
#include <map>
#include <vector>

namespace pfun::compiler {

using vm::Opcode;
using Label = uint32_t;
inline constexpr Label kRaise = 0;

// One extension word: a plain value or a label to patch.
struct Word {
    uint32_t value = 0;
    bool isLabel = false;
    static Word val(uint32_t v) { return {v, false}; }
    static Word label(Label l) { return {l, true}; }
};

class Assembler {
  public:
    explicit Assembler(vm::FunctionCode& fc) : fc_(fc) { labels_.push_back(0); }

    uint32_t line = 0; // source line of what is being emitted

    Label newLabel() {
        labels_.push_back(kUnbound);
        return Label(labels_.size() - 1);
    }
    void bind(Label l) { labels_[l] = pc(); }
    // True when some emitted jump refers to l (code at an unused label is dead).
    bool used(Label l) const { return l < uses_.size() && uses_[l] > 0; }
    uint32_t pc() const { return uint32_t(fc_.code.size()); }

    // Emits one instruction; returns its start.
    uint32_t emit(Opcode op, uint32_t a = 0, uint32_t b = 0, uint32_t c = 0,
                  std::initializer_list<Word> words = {});
    void jump(Label l) { emit(Opcode::JUMP, 0, 0, 0, {Word::label(l)}); }

    uint32_t literal(vm::Term t);
    uint32_t target(vm::CallTarget* t);
    uint32_t bif(const vm::BifEntry* b);
    // A jump table whose entries are labels; patched with the instruction's start.
    uint32_t table(std::vector<vm::Term> values, std::vector<Label> targets, uint32_t instrStart);
    void noteUse(Label l) {
        if (uses_.size() <= l) uses_.resize(l + 1, 0);
        ++uses_[l];
    }

    // Patches jumps and tables. Returns false if a label was never bound.
    bool finish();

  private:
    static constexpr uint32_t kUnbound = 0xffffffffu;
    struct Fixup {
        uint32_t instrStart;
        uint32_t wordIndex;
        Label label;
    };
    struct TableFixup {
        uint32_t table;
        std::vector<Label> labels;
        uint32_t instrStart;
    };
    vm::FunctionCode& fc_;
    std::vector<uint32_t> labels_;
    std::vector<uint32_t> uses_;
    std::vector<Fixup> fixups_;
    std::vector<TableFixup> tableFixups_;
    std::map<uint64_t, uint32_t> immediateLiterals_;
    std::map<const void*, uint32_t> targetIndex_;
    std::map<const void*, uint32_t> bifIndex_;
};

} // namespace pfun::compiler
