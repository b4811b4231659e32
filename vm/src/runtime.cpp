#include "pfun/vm/runtime.h"

#include "pfun/vm/binary.h"
#include "pfun/vm/construct.h"
#include "pfun/vm/hash_space.h"
#include "pfun/vm/isa.h"

#include "pfun/vm/process.h"
#include "process_bifs.h"

#include <algorithm>
#include <cstdio>

namespace pfun::vm {

namespace {

// An Erlang string (list of code points) for a UTF-8 file name, in `heap`.
Term makeStringTerm(Heap& heap, std::string_view text) {
    std::vector<uint32_t> cps;
    for (size_t i = 0; i < text.size();) {
        auto c = static_cast<unsigned char>(text[i]);
        uint32_t cp = c;
        size_t n = 1;
        if (c >= 0xF0 && i + 3 < text.size()) {
            cp = (c & 0x07u) << 18 | (uint32_t(text[i + 1]) & 0x3f) << 12 |
                 (uint32_t(text[i + 2]) & 0x3f) << 6 | (uint32_t(text[i + 3]) & 0x3f);
            n = 4;
        } else if (c >= 0xE0 && i + 2 < text.size()) {
            cp = (c & 0x0fu) << 12 | (uint32_t(text[i + 1]) & 0x3f) << 6 |
                 (uint32_t(text[i + 2]) & 0x3f);
            n = 3;
        } else if (c >= 0xC0 && i + 1 < text.size()) {
            cp = (c & 0x1fu) << 6 | (uint32_t(text[i + 1]) & 0x3f);
            n = 2;
        }
        cps.push_back(cp);
        i += n;
    }
    Term list = Term::nil();
    for (size_t i = cps.size(); i-- > 0;) {
        Term* cell = heap.alloc(2);
        cell[0] = Term::makeSmall(cps[i]);
        cell[1] = list;
        list = Term::makeCons(cell);
    }
    return list;
}

// Light structural check of loaded code, so the interpreter may trust opcodes,
// register and table indices. (The full verifier for code from outside comes with
// the loader.)
bool checkFunction(const FunctionCode& fn, size_t numLambdas, std::string* error) {
    auto fail = [&](const char* what, size_t at) {
        if (error) *error = std::string(what) + " at word " + std::to_string(at);
        return false;
    };
    if (fn.frameSize > kMaxRegisters || fn.arity > fn.frameSize) return fail("bad frame size", 0);
    const size_t n = fn.code.size();
    std::vector<bool> starts(n + 1, false);
    for (size_t pc = 0; pc < n;) {
        starts[pc] = true;
        uint32_t w = fn.code[pc];
        if ((w & 0xff) >= uint32_t(Opcode::Count)) return fail("unknown opcode", pc);
        const OpcodeInfo& info = opcodeInfo(decodeOp(w));
        if (pc + 1 + info.wordCount > n) return fail("truncated instruction", pc);
        const Operand fields[3] = {info.a, info.b, info.c};
        const uint32_t values[3] = {decodeA(w), decodeB(w), decodeC(w)};
        for (int i = 0; i < 3; ++i) {
            if (fields[i] == Operand::R && values[i] >= fn.frameSize)
                return fail("register out of range", pc);
        }
        for (int i = 0; i < info.wordCount; ++i) {
            uint32_t v = fn.code[pc + 1 + i];
            switch (info.words[i]) {
            case Operand::K:
                if (v >= fn.literals.size()) return fail("literal out of range", pc);
                break;
            case Operand::F:
                if (v >= fn.targets.size() || !fn.targets[v]) return fail("bad call target", pc);
                break;
            case Operand::B:
                if (v >= fn.bifs.size() || !fn.bifs[v]) return fail("bad BIF index", pc);
                break;
            case Operand::L:
                if (v >= numLambdas) return fail("bad lambda index", pc);
                break;
            case Operand::T:
                if (v >= fn.tables.size()) return fail("bad jump table", pc);
                break;
            default: break;
            }
        }
        pc += 1 + info.wordCount;
    }
    starts[n] = false;
    auto targetOk = [&](size_t pc, int32_t off) {
        int64_t t = int64_t(pc) + off;
        return t >= 0 && t < int64_t(n) && starts[size_t(t)];
    };
    for (size_t pc = 0; pc < n;) {
        uint32_t w = fn.code[pc];
        Opcode op = decodeOp(w);
        const OpcodeInfo& info = opcodeInfo(op);
        for (int i = 0; i < info.wordCount; ++i) {
            if (info.words[i] != Operand::J) continue;
            auto off = int32_t(fn.code[pc + 1 + i]);
            if (off == 0 && op != Opcode::JUMP) continue; // "raise" for fallible operations
            if (!targetOk(pc, off)) return fail("bad jump target", pc);
        }
        if (op == Opcode::SELECT_VAL || op == Opcode::SELECT_ARITY) {
            const JumpTable& t = fn.tables[fn.code[pc + 1]];
            if (t.values.size() != t.targets.size()) return fail("bad jump table", pc);
            for (int32_t off : t.targets)
                if (!targetOk(pc, off)) return fail("bad jump table target", pc);
        }
        // Register ranges that the A/B/C fields imply beyond one register.
        uint32_t a = decodeA(w), b = decodeB(w), c = decodeC(w);
        size_t top = 0;
        switch (op) {
        case Opcode::TUPLE: top = size_t(b) + c; break;
        case Opcode::MAP_NEW: top = size_t(b) + 2 * size_t(c); break;
        case Opcode::MAP_PUT:
        case Opcode::MAP_UPDATE: top = size_t(c) + 2 * size_t(fn.code[pc + 1]); break;
        case Opcode::CALL:
        case Opcode::TAILCALL: top = size_t(a) + b; break;
        case Opcode::CALL_FUN:
        case Opcode::TAILCALL_FUN: top = size_t(a) + 1 + b; break;
        case Opcode::APPLY:
        case Opcode::TAILAPPLY: top = size_t(a) + 2 + b; break;
        case Opcode::APPLY_LIST:
        case Opcode::TAILAPPLY_LIST:
        case Opcode::TRY: top = size_t(a) + 3; break;
        case Opcode::APPLY_FUN_LIST:
        case Opcode::TAILAPPLY_FUN_LIST: top = size_t(a) + 2; break;
        case Opcode::BIF: top = size_t(b) + c; break;
        case Opcode::BS_BUILD: top = size_t(b) + 2 * size_t(c); break;
        default: break;
        }
        if (top > fn.frameSize) return fail("register range out of frame", pc);
        if (op == Opcode::CALL || op == Opcode::TAILCALL) {
            const CallTarget* t = fn.targets[fn.code[pc + 1]];
            if (t->arity != b) return fail("call arity differs from target", pc);
        }
        if (op == Opcode::BIF) {
            const BifEntry* e = fn.bifs[fn.code[pc + 1]];
            if (e->arity != c) return fail("BIF arity differs", pc);
        }
        pc += 1 + info.wordCount;
    }
    return true;
}

} // namespace

Runtime::Runtime()
    : output_([](std::string_view text) { std::fwrite(text.data(), 1, text.size(), stdout); }),
      errorOutput_([](std::string_view text) { std::fwrite(text.data(), 1, text.size(), stderr); }),
      hashSpace_(std::make_unique<HashSpace>(*this)),
      scheduler_(std::make_unique<Scheduler>(*this)) {
    installBuiltinCode();
    registerProcessBifs(*this);
    bitSyntaxAtoms_ = {atom("integer"), atom("float"), atom("binary"), atom("bitstring"),
                       atom("utf8"),    atom("utf16"), atom("utf32")};
}

Runtime::~Runtime() {
    scheduler_->stop();
}

void Runtime::reportCrash(Process& p, Term reason) {
    if (crashReporter_) crashReporter_(p, reason);
}

Runtime::MissingCode Runtime::missingCode(Process& p, const CallTarget& target) {
    if (missingCode_) {
        const MissingCode answer = missingCode_(p, target);
        if (answer != MissingCode::Loaded || target.codeNow()) return answer;
    }
    Heap& heap = p.heap();
    Term hash = target.pinnedHash ? makeBinary(heap, target.pinnedHash->data(), 16)
                                  : makeBinary(heap, nullptr, 0);
    p.error(makeTuple(heap, {atom("code_unavailable"), hash}));
    return MissingCode::Raised;
}

void Runtime::installBuiltinCode() {
    // erlang:apply/2,3 must call back into Erlang code, which a native BIF never does;
    // they are two-instruction bytecode functions instead (tail calls, so they leave
    // no frame behind).
    builtin_ = std::make_unique<ModuleCode>();
    builtin_->name = atoms::kErlang;
    builtin_->fileName = "erlang";
    auto make = [&](uint32_t arity, Opcode op) {
        auto fn = std::make_unique<FunctionCode>();
        fn->module = atoms::kErlang;
        fn->name = atoms::kApply;
        fn->arity = arity;
        fn->frameSize = arity;
        fn->code = {encode(op, 0)};
        fn->owner = builtin_.get();
        builtin_->functions.push_back(std::move(fn));
    };
    make(2, Opcode::TAILAPPLY_FUN_LIST);
    make(3, Opcode::TAILAPPLY_LIST);
}

const ModuleCode* Runtime::findModule(Term name) const {
    std::lock_guard lock(codeMutex_);
    if (!name.isAtom()) return nullptr;
    auto it = modules_.find(name.atomIndex());
    return it == modules_.end() ? nullptr : it->second;
}

std::vector<Term> Runtime::loadedModules() const {
    std::lock_guard lock(codeMutex_);
    std::vector<Term> out;
    for (const auto& m : allVersions_) {
        if (findModule(m->name) == m.get()) out.push_back(m->name);
    }
    return out;
}

const ModuleCode* Runtime::loadModule(std::unique_ptr<ModuleCode> module, std::string* error) {
    std::lock_guard lock(codeMutex_);
    if (!module || !module->name.isAtom()) {
        if (error) *error = "module has no name";
        return nullptr;
    }
    ModuleCode& m = *module;
    auto findLocal = [&](Term name, uint32_t arity) -> const FunctionCode* {
        for (const auto& f : m.functions)
            if (f->name == name && f->arity == arity && f->lambdaIndex < 0) return f.get();
        return nullptr;
    };
    for (const auto& fp : m.functions) {
        FunctionCode& fn = *fp;
        fn.owner = &m;
        if (fn.bifs.empty() && !fn.bifNames.empty()) {
            for (const BifName& b : fn.bifNames) {
                const BifEntry* e = bifs_.find(b.module, b.name, b.arity);
                if (!e) {
                    if (error)
                        *error = "unknown BIF " + atoms_.name(b.module) + ":" +
                                 atoms_.name(b.name) + "/" + std::to_string(b.arity);
                    return nullptr;
                }
                fn.bifs.push_back(e);
            }
        }
        for (CallTarget*& t : fn.targets) {
            if (!t) continue;
            // Calls inside the module stay in this version; calls elsewhere go
            // through the export slot so that they see reloads.
            if (t->module == m.name && !t->remote) {
                if (!t->code && !t->bif) t->code = findLocal(t->name, t->arity);
            } else {
                t = exportSlot(t->module, t->name, t->arity);
            }
        }
        for (JumpTable& t : fn.tables) {
            bool ok = true;
            for (size_t i = 0; i < t.values.size(); ++i) {
                if (t.values[i].isBoxed() || t.values[i].isList() ||
                    (i > 0 && t.values[i - 1].raw() >= t.values[i].raw()))
                    ok = false;
            }
            t.immediatesSorted = ok;
        }
    }
    for (const auto& fp : m.functions) {
        if (!checkFunction(*fp, m.lambdas.size(), error)) {
            if (error)
                *error = "invalid code in " + atoms_.name(fp->module) + ":" +
                         atoms_.name(fp->name) + "/" + std::to_string(fp->arity) + ": " + *error;
            return nullptr;
        }
    }
    for (const auto& l : m.lambdas) {
        if (!l->code) {
            if (error) *error = "lambda without code";
            return nullptr;
        }
    }
    m.fileTerm = makeStringTerm(m.literalHeap, m.fileName);
    const ModuleCode* loaded = module.get();
    // Current -> old; the previous old version is purged (its plain funs go badfun).
    if (auto cur = modules_.find(m.name.atomIndex()); cur != modules_.end()) {
        ModuleCode*& old = oldVersions_[m.name.atomIndex()];
        if (old) {
            __atomic_store_n(&old->purged, true, __ATOMIC_RELAXED);
            for (auto& l : old->lambdas)
                if (!l->portable) __atomic_store_n(&l->purged, true, __ATOMIC_RELAXED);
        }
        old = nullptr;
        for (auto& v : allVersions_)
            if (v.get() == cur->second) old = v.get();
    }
    modules_[m.name.atomIndex()] = loaded;
    allVersions_.push_back(std::move(module));
    for (auto& [key, slot] : slots_) {
        if (key.module == loaded->name.atomIndex()) fillSlot(*slot);
    }
    return loaded;
}

void Runtime::fillSlot(CallTarget& slot) {
    // Computed first and published in one go: a caller on another thread sees the
    // old target or the new one, never a cleared slot.
    const FunctionCode* code = slotTarget(slot);
    slot.publish(code, code ? nullptr : bifs_.find(slot.module, slot.name, slot.arity));
}

const FunctionCode* Runtime::slotTarget(const CallTarget& slot) const {
    if (slot.module == atoms::kErlang && slot.name == atoms::kApply &&
        (slot.arity == 2 || slot.arity == 3))
        return builtin_->functions[slot.arity - 2].get();
    if (bifs_.find(slot.module, slot.name, slot.arity)) return nullptr;
    const ModuleCode* m = findModule(slot.module);
    if (!m) return nullptr;
    for (uint32_t idx : m->exports) {
        if (idx >= m->functions.size()) continue;
        const FunctionCode* f = m->functions[idx].get();
        if (f->name == slot.name && f->arity == slot.arity) return f;
    }
    return nullptr;
}

CallTarget* Runtime::exportSlot(Term module, Term name, uint32_t arity) {
    std::lock_guard lock(codeMutex_);
    SlotKey key{module.atomIndex(), name.atomIndex(), arity};
    auto it = slots_.find(key);
    if (it != slots_.end()) return it->second.get();
    auto slot = std::make_unique<CallTarget>();
    slot->module = module;
    slot->name = name;
    slot->arity = arity;
    slot->remote = true;
    fillSlot(*slot);
    CallTarget* p = slot.get();
    slots_.emplace(key, std::move(slot));
    return p;
}

const FunEntry* Runtime::portableFunEntry(const FunctionCode* root) {
    if (!root) return nullptr;
    std::lock_guard lock(codeMutex_);
    auto it = portableEntries_.find(root);
    if (it != portableEntries_.end()) return it->second.get();
    auto e = std::make_unique<FunEntry>();
    e->code = root;
    e->module = root->module;
    e->arity = root->arity;
    e->numFree = 0;
    e->portable = true;
    e->name = atoms_.name(root->name);
    uint32_t index = 0;
    if (const ModuleCode* owner = root->owner) {
        index = uint32_t(owner->lambdas.size());
        for (size_t i = 0; i < owner->functions.size(); ++i)
            if (owner->functions[i].get() == root) index += uint32_t(i);
    }
    e->index = index;
    // FNV-1a of "name/arity": stable across runs, like a lambda's uniq.
    uint32_t h = 2166136261u;
    for (char c : e->name + "/" + std::to_string(root->arity))
        h = (h ^ uint8_t(c)) * 16777619u;
    e->uniq = h & 0x7ffffff;
    const FunEntry* p = e.get();
    portableEntries_.emplace(root, std::move(e));
    return p;
}

const ModuleCode* Runtime::moduleVersionHolding(Term module, const Term* literal) const {
    std::lock_guard lock(codeMutex_);
    const ModuleCode* current = findModule(module);
    if (current && current->literalHeap.contains(literal)) return current;
    for (const auto& v : allVersions_)
        if (v->name == module && v->literalHeap.contains(literal)) return v.get();
    return nullptr;
}

std::shared_ptr<const CodeHashInfo> Runtime::codeHash(const FunctionCode& fn, std::string* error) {
    if (!hasher_) {
        if (error) *error = "no code hasher installed in this runtime";
        return nullptr;
    }
    return hasher_(*this, fn, error);
}

bool Runtime::ensureLoaded(Term module) {
    std::lock_guard lock(codeMutex_);
    if (findModule(module)) return true;
    if (!loader_ || !module.isAtom()) return false;
    uint32_t idx = module.atomIndex();
    if (std::find(loading_.begin(), loading_.end(), idx) != loading_.end()) return false;
    loading_.push_back(idx);
    loader_(*this, module);
    loading_.pop_back();
    return findModule(module) != nullptr;
}

const CallTarget* Runtime::resolve(Term module, Term name, uint32_t arity) {
    std::lock_guard lock(codeMutex_);
    if (!module.isAtom() || !name.isAtom()) return nullptr;
    CallTarget* slot = exportSlot(module, name, arity);
    if (slot->code || slot->bif) return slot;
    fillSlot(*slot); // a BIF may have been registered since the slot was made
    if (slot->code || slot->bif) return slot;
    if (!findModule(module) && ensureLoaded(module)) fillSlot(*slot);
    return (slot->code || slot->bif) ? slot : nullptr;
}

} // namespace pfun::vm
