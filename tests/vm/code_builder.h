// A small assembler for hand-written bytecode in tests: builds a ModuleCode function
// by function, with labels for jumps, literals and call targets, then loads it.
#pragma once

#include "pfun/vm/code.h"
#include "pfun/vm/isa.h"
#include "pfun/vm/runtime.h"

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pfun::vm::testing {

class FunctionBuilder {
  public:
    FunctionBuilder(Runtime& rt, ModuleCode& mod, FunctionCode& fn) : rt_(rt), mod_(mod), fn_(fn) {}

    struct Label {
        size_t id;
    };
    Label label() {
        labels_.push_back(-1);
        return Label{labels_.size() - 1};
    }
    void bind(Label l) { labels_[l.id] = int64_t(fn_.code.size()); }

    // Word operands: plain numbers, or a label (jump offset patched at finish()).
    struct W {
        W(uint32_t v) : value(v) {}
        W(int v) : value(uint32_t(v)) {}
        W(Label l) : value(0), label(int64_t(l.id)) {}
        uint32_t value;
        int64_t label = -1;
    };

    FunctionBuilder& op(Opcode o, uint32_t a = 0, uint32_t b = 0, uint32_t c = 0,
                        std::initializer_list<W> words = {}) {
        size_t start = fn_.code.size();
        fn_.code.push_back(encode(o, a, b, c));
        for (const W& w : words) {
            if (w.label >= 0) fixups_.push_back({start, fn_.code.size(), size_t(w.label)});
            fn_.code.push_back(w.value);
        }
        return *this;
    }
    FunctionBuilder& line(uint32_t n) {
        fn_.lines.push_back({uint32_t(fn_.code.size()), n});
        return *this;
    }

    uint32_t lit(Term t) {
        fn_.literals.push_back(t);
        return uint32_t(fn_.literals.size() - 1);
    }
    uint32_t atom(std::string_view name) { return lit(rt_.atom(name)); }

    // A call target M:F/A (local when M is this module).
    uint32_t target(std::string_view module, std::string_view name, uint32_t arity,
                    bool remote = false) {
        auto t = std::make_unique<CallTarget>();
        t->module = rt_.atom(module);
        t->name = rt_.atom(name);
        t->arity = arity;
        t->remote = remote;
        fn_.targets.push_back(t.get());
        mod_.localTargets.push_back(std::move(t));
        return uint32_t(fn_.targets.size() - 1);
    }
    uint32_t bif(std::string_view module, std::string_view name, uint32_t arity) {
        fn_.bifNames.push_back({rt_.atom(module), rt_.atom(name), arity});
        return uint32_t(fn_.bifNames.size() - 1);
    }
    uint32_t table(std::vector<std::pair<Term, Label>> cases) {
        JumpTable t;
        for (auto& [v, l] : cases) {
            t.values.push_back(v);
            t.targets.push_back(0);
            tableFixups_.push_back({fn_.tables.size(), t.targets.size() - 1, l.id});
        }
        fn_.tables.push_back(std::move(t));
        return uint32_t(fn_.tables.size() - 1);
    }
    void finish() {
        for (const Fixup& f : fixups_)
            fn_.code[f.word] = uint32_t(int32_t(labels_[f.label] - int64_t(f.start)));
        for (const TableFixup& f : tableFixups_)
            fn_.tables[f.table].targets[f.index] =
                int32_t(labels_[f.label] - int64_t(tableStarts_[f.table]));
    }
    // Records the start of the SELECT instruction that uses table `t`.
    void tableAt(uint32_t t) {
        if (tableStarts_.size() <= t) tableStarts_.resize(t + 1);
        tableStarts_[t] = int64_t(fn_.code.size());
    }

    FunctionCode& code() { return fn_; }

  private:
    struct Fixup {
        size_t start, word, label;
    };
    struct TableFixup {
        size_t table, index, label;
    };
    Runtime& rt_;
    ModuleCode& mod_;
    FunctionCode& fn_;
    std::vector<int64_t> labels_;
    std::vector<Fixup> fixups_;
    std::vector<TableFixup> tableFixups_;
    std::vector<int64_t> tableStarts_;
};

class ModuleBuilder {
  public:
    ModuleBuilder(Runtime& rt, std::string_view name)
        : rt_(rt), mod_(std::make_unique<ModuleCode>()) {
        mod_->name = rt.atom(name);
        mod_->fileName = std::string(name) + ".erl";
    }

    FunctionBuilder& function(std::string_view name, uint32_t arity, uint32_t frameSize,
                              bool exported = true) {
        auto fn = std::make_unique<FunctionCode>();
        fn->module = mod_->name;
        fn->name = rt_.atom(name);
        fn->arity = arity;
        fn->frameSize = frameSize;
        if (exported) mod_->exports.push_back(uint32_t(mod_->functions.size()));
        builders_.push_back(std::make_unique<FunctionBuilder>(rt_, *mod_, *fn));
        mod_->functions.push_back(std::move(fn));
        return *builders_.back();
    }

    // A lambda body; returns the builder and its lambda index (for MAKE_FUN).
    std::pair<FunctionBuilder*, uint32_t> lambda(std::string_view name, uint32_t arity,
                                                 uint32_t numFree, uint32_t frameSize) {
        auto fn = std::make_unique<FunctionCode>();
        fn->module = mod_->name;
        fn->name = rt_.atom(name);
        fn->arity = arity;
        fn->frameSize = frameSize;
        auto entry = std::make_unique<FunEntry>();
        entry->code = fn.get();
        entry->module = mod_->name;
        entry->index = uint32_t(mod_->lambdas.size());
        entry->arity = arity;
        entry->numFree = numFree;
        entry->name = std::string(name);
        fn->lambdaIndex = int32_t(entry->index);
        mod_->lambdas.push_back(std::move(entry));
        builders_.push_back(std::make_unique<FunctionBuilder>(rt_, *mod_, *fn));
        mod_->functions.push_back(std::move(fn));
        return {builders_.back().get(), uint32_t(mod_->lambdas.size() - 1)};
    }

    Heap& literalHeap() { return mod_->literalHeap; }

    const ModuleCode* load(std::string* error = nullptr) {
        for (auto& b : builders_)
            b->finish();
        return rt_.loadModule(std::move(mod_), error);
    }

  private:
    Runtime& rt_;
    std::unique_ptr<ModuleCode> mod_;
    std::vector<std::unique_ptr<FunctionBuilder>> builders_;
};

inline const FunctionCode* findFunction(const ModuleCode* m, Runtime& rt, std::string_view name,
                                        uint32_t arity) {
    for (const auto& f : m->functions)
        if (f->name == rt.atom(name) && f->arity == arity) return f.get();
    return nullptr;
}

} // namespace pfun::vm::testing
