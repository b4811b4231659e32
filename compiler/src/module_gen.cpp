// Module-wide back-end state: literal construction in the literal heap, call targets
// (one per callee, shared by the module's functions) and generated functions.
#include "codegen.h"

#include <bit>
#include <cstring>

namespace pfun::compiler {

using vm::Term;

ModuleGen::ModuleGen(const Module& m, vm::Runtime& rt_, Diagnostics& d, vm::ModuleCode& code,
                     const CompileOptions& o)
    : ast(m), rt(rt_), diags(d), mc(code), opts(o) {
    moduleAtom = atom(m.name);
}

Term ModuleGen::atom(std::string_view name) {
    if (auto a = rt.atoms().intern(name)) return *a;
    diags.error({}, "atom too long: '" + std::string(name.substr(0, 40)) + "...'");
    return vm::atoms::kUndefined;
}

Term ModuleGen::litTuple(const std::vector<Term>& elems) {
    Term* p = mc.literalHeap.alloc(elems.size() + 1);
    p[0] = Term::makeHeader(vm::BoxKind::Tuple, elems.size());
    for (size_t i = 0; i < elems.size(); ++i)
        p[1 + i] = elems[i];
    return Term::makeBoxed(p);
}

Term ModuleGen::litList(const std::vector<Term>& elems, Term tail) {
    Term list = tail;
    for (size_t i = elems.size(); i-- > 0;) {
        Term* p = mc.literalHeap.alloc(2);
        p[0] = elems[i];
        p[1] = list;
        list = Term::makeCons(p);
    }
    return list;
}

Term ModuleGen::litFloat(double v) {
    Term* p = mc.literalHeap.alloc(2);
    p[0] = Term::makeHeader(vm::BoxKind::Float, 1);
    p[1] = Term::fromRaw(std::bit_cast<uint64_t>(v));
    return Term::makeBoxed(p);
}

Term ModuleGen::litInteger(const Expr& e) {
    if (e.bigValue.empty()) {
        if (Term::fitsSmall(e.intValue)) return Term::makeSmall(e.intValue);
    }
    // Build the magnitude as 64-bit limbs, least significant first (GMP's layout).
    std::string digits = e.bigValue.empty() ? std::to_string(e.intValue) : e.bigValue;
    bool negative = !digits.empty() && digits[0] == '-';
    std::vector<uint64_t> limbs;
    for (char ch : digits) {
        if (ch < '0' || ch > '9') continue;
        unsigned __int128 carry = unsigned(ch - '0');
        for (uint64_t& limb : limbs) {
            unsigned __int128 v = (unsigned __int128)limb * 10 + carry;
            limb = uint64_t(v);
            carry = v >> 64;
        }
        if (carry) limbs.push_back(uint64_t(carry));
    }
    while (!limbs.empty() && limbs.back() == 0)
        limbs.pop_back();
    if (limbs.size() <= 1) {
        // May still fit a small integer (e.g. bigValue given for an in-range value).
        uint64_t mag = limbs.empty() ? 0 : limbs[0];
        if (mag <= uint64_t(Term::kSmallMax))
            return Term::makeSmall(negative ? -int64_t(mag) : int64_t(mag));
        if (negative && mag == uint64_t(Term::kSmallMax) + 1)
            return Term::makeSmall(Term::kSmallMin);
    }
    Term* p = mc.literalHeap.alloc(limbs.size() + 1);
    p[0] = Term::makeHeader(negative ? vm::BoxKind::NegBig : vm::BoxKind::PosBig, limbs.size());
    for (size_t i = 0; i < limbs.size(); ++i)
        p[1 + i] = Term::fromRaw(limbs[i]);
    return Term::makeBoxed(p);
}

Term ModuleGen::litString(const std::u32string& s, Term tail) {
    std::vector<Term> chars;
    chars.reserve(s.size());
    for (char32_t c : s)
        chars.push_back(Term::makeSmall(int64_t(c)));
    return litList(chars, tail);
}

Term ModuleGen::litExport(Term mod, Term fn, uint32_t arity) {
    Term* p = mc.literalHeap.alloc(4);
    p[0] = Term::makeHeader(vm::BoxKind::Export, 3);
    p[1] = mod;
    p[2] = fn;
    p[3] = Term::makeSmall(arity);
    return Term::makeBoxed(p);
}

vm::FunctionCode* ModuleGen::newFunctionCode(const std::string& name, uint32_t arity) {
    auto fc = std::make_unique<vm::FunctionCode>();
    fc->module = moduleAtom;
    fc->name = atom(name);
    fc->arity = arity;
    vm::FunctionCode* raw = fc.get();
    mc.functions.push_back(std::move(fc));
    return raw;
}

vm::FunctionCode* ModuleGen::localFunction(const std::string& name, uint32_t arity) const {
    auto it = locals_.find({name, arity});
    return it == locals_.end() ? nullptr : it->second;
}

vm::CallTarget* ModuleGen::localTarget(const std::string& name, uint32_t arity) {
    auto key = std::make_pair(name, arity);
    auto it = localTargets_.find(key);
    if (it != localTargets_.end()) return it->second;
    auto t = std::make_unique<vm::CallTarget>();
    t->module = moduleAtom;
    t->name = atom(name);
    t->arity = arity;
    t->code = localFunction(name, arity);
    vm::CallTarget* raw = t.get();
    mc.localTargets.push_back(std::move(t));
    localTargets_[key] = raw;
    return raw;
}

vm::CallTarget* ModuleGen::remoteTarget(Term module, Term name, uint32_t arity) {
    auto key = std::make_tuple(module.raw(), name.raw(), arity);
    auto it = remoteTargets_.find(key);
    if (it != remoteTargets_.end()) return it->second;
    auto t = std::make_unique<vm::CallTarget>();
    t->module = module;
    t->name = name;
    t->arity = arity;
    // Even M:F(...) naming this module goes through the export slot, so a function
    // that M does not export is undef, as in erl.
    t->remote = true;
    vm::CallTarget* raw = t.get();
    mc.localTargets.push_back(std::move(t));
    remoteTargets_[key] = raw;
    return raw;
}

const Import* ModuleGen::findImport(const std::string& name, uint32_t arity) const {
    for (const Import& imp : ast.imports)
        if (imp.function.name == name && imp.function.arity == arity) return &imp;
    return nullptr;
}

vm::FunctionCode* ModuleGen::addGenerated(std::unique_ptr<Function> fn,
                                          const std::string& outerName, uint32_t outerArity) {
    vm::FunctionCode* fc = newFunctionCode(fn->name, fn->arity);
    fc->sourceBegin = fn->sourceBegin;
    fc->sourceEnd = fn->sourceEnd;
    locals_[{fn->name, fn->arity}] = fc;
    queue.push_back({fn.get(), fc, outerName, outerArity});
    generatedAst.push_back(std::move(fn));
    return fc;
}

} // namespace pfun::compiler
