#include "assembler.h"

#include <algorithm>
#include <numeric>

namespace pfun::compiler {

uint32_t Assembler::emit(Opcode op, uint32_t a, uint32_t b, uint32_t c,
                         std::initializer_list<Word> words) {
    uint32_t start = pc();
    if (line != 0 && (fc_.lines.empty() || fc_.lines.back().line != line)) {
        if (!fc_.lines.empty() && fc_.lines.back().pc == start)
            fc_.lines.back().line = line;
        else
            fc_.lines.push_back({start, line});
    }
    fc_.code.push_back(vm::encode(op, a, b, c));
    uint32_t i = 1;
    for (const Word& w : words) {
        if (w.isLabel) {
            fixups_.push_back({start, start + i, w.value});
            noteUse(w.value);
            fc_.code.push_back(0);
        } else {
            fc_.code.push_back(w.value);
        }
        ++i;
    }
    return start;
}

uint32_t Assembler::literal(vm::Term t) {
    bool immediate = !t.isBoxed() && !t.isList();
    if (immediate) {
        auto it = immediateLiterals_.find(t.raw());
        if (it != immediateLiterals_.end()) return it->second;
    }
    uint32_t idx = uint32_t(fc_.literals.size());
    fc_.literals.push_back(t);
    if (immediate) immediateLiterals_[t.raw()] = idx;
    return idx;
}

uint32_t Assembler::target(vm::CallTarget* t) {
    auto it = targetIndex_.find(t);
    if (it != targetIndex_.end()) return it->second;
    uint32_t idx = uint32_t(fc_.targets.size());
    fc_.targets.push_back(t);
    targetIndex_[t] = idx;
    return idx;
}

uint32_t Assembler::bif(const vm::BifEntry* b) {
    auto it = bifIndex_.find(b);
    if (it != bifIndex_.end()) return it->second;
    uint32_t idx = uint32_t(fc_.bifs.size());
    fc_.bifs.push_back(b);
    bifIndex_[b] = idx;
    return idx;
}

uint32_t Assembler::table(std::vector<vm::Term> values, std::vector<Label> targets,
                          uint32_t instrStart) {
    // SELECT_VAL tables are sorted by raw word so the interpreter may binary-search.
    std::vector<size_t> order(values.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t x, size_t y) { return values[x].raw() < values[y].raw(); });
    vm::JumpTable jt;
    std::vector<Label> sortedLabels;
    for (size_t i : order) {
        jt.values.push_back(values[i]);
        jt.targets.push_back(0);
        sortedLabels.push_back(targets[i]);
    }
    uint32_t idx = uint32_t(fc_.tables.size());
    fc_.tables.push_back(std::move(jt));
    for (Label l : sortedLabels)
        noteUse(l);
    tableFixups_.push_back({idx, std::move(sortedLabels), instrStart});
    return idx;
}

bool Assembler::finish() {
    bool ok = true;
    for (const Fixup& f : fixups_) {
        if (f.label == kRaise) {
            fc_.code[f.wordIndex] = 0;
            continue;
        }
        uint32_t at = labels_[f.label];
        if (at == kUnbound) {
            ok = false;
            continue;
        }
        fc_.code[f.wordIndex] = uint32_t(int32_t(at) - int32_t(f.instrStart));
    }
    for (const TableFixup& t : tableFixups_) {
        for (size_t i = 0; i < t.labels.size(); ++i) {
            uint32_t at = labels_[t.labels[i]];
            if (at == kUnbound) {
                ok = false;
                continue;
            }
            fc_.tables[t.table].targets[i] = int32_t(at) - int32_t(t.instrStart);
        }
    }
    return ok;
}

} // namespace pfun::compiler
