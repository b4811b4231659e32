// Funs and portable funs: erlang:fun_info/2, making portable funs from named
// functions (`pfun Name/Arity` compiles to erlang:'$make_pfun'/1, `pfun M:F/A` to
// erlang:make_pfun/3), erlang:is_function_portable/1 and
// erlang:portable_fun_info/2. fun_info/1 is Erlang, in stdlib/erl/erlang.erl.
//
// A portable fun is a Fun term whose FunEntry is portable: a `pfun (...) -> ... end`
// lambda of its module's lambda table, or for `pfun Name/Arity` the runtime's entry
// for the named function itself (Runtime::portableFunEntry). Its hash, calls and
// closure come from the runtime's code hasher (Runtime::codeHash), computed when first
// asked. The source texts come from each module's source, kept as debug info.
#include "bif_util.h"
#include "md5.h"

#include "pfun/vm/binary.h"
#include "pfun/vm/construct.h"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

namespace pfun::stdlib::detail {

namespace {

using vm::Process;
using vm::Term;
namespace atoms = vm::atoms;

const vm::FunEntry* funEntry(Term f) {
    if (!f.isBoxKind(vm::BoxKind::Fun)) return nullptr;
    return reinterpret_cast<const vm::FunEntry*>(f.boxedPtr()[1].raw());
}

const vm::FunEntry* portableEntry(Term f) {
    const vm::FunEntry* e = funEntry(f);
    return e && e->portable && e->code ? e : nullptr;
}

// The function Name/Arity of a module version (not a lambda body).
const vm::FunctionCode* findFunction(const vm::ModuleCode& m, Term name, uint32_t arity,
                                     bool exportedOnly) {
    if (exportedOnly) {
        for (uint32_t i : m.exports)
            if (i < m.functions.size() && m.functions[i]->name == name &&
                m.functions[i]->arity == arity)
                return m.functions[i].get();
        return nullptr;
    }
    for (const auto& f : m.functions)
        if (f->name == name && f->arity == arity && f->lambdaIndex < 0) return f.get();
    return nullptr;
}

Term funTerm(Process& p, const vm::FunEntry* e) {
    Term* box = p.heap().alloc(2);
    box[0] = Term::makeHeader(vm::BoxKind::Fun, 1);
    box[1] = Term::fromRaw(reinterpret_cast<uint64_t>(e));
    return Term::makeBoxed(box);
}

// error:{badarg, Why}: a portable fun's item that cannot be answered, with the reason.
Term badargBecause(Process& p, Term why) {
    return p.error(vm::makeTuple(p.heap(), {atoms::kBadarg, why}));
}

// make_pfun(M, F, A) and '$make_pfun'(M, F, A): a portable fun whose root is the
// current version of M:F/A (exported only for make_pfun). Loads M if needed. A BIF
// has no bytecode to carry: {badarg, {native, MFA}}; a function that does not
// exist (or is not exported): {badarg, {undef, MFA}}.
Term makePfunImpl(Process& p, const Term* a, bool exportedOnly) {
    if (!a[0].isAtom() || !a[1].isAtom() || !a[2].isSmall() || a[2].small() < 0 ||
        a[2].small() > 255)
        return p.badarg();
    vm::Runtime& rt = p.runtime();
    const auto arity = uint32_t(a[2].small());
    auto why = [&](const char* what) {
        return badargBecause(
            p,
            vm::makeTuple(p.heap(), {atom(p, what), vm::makeTuple(p.heap(), {a[0], a[1], a[2]})}));
    };
    if (rt.bifs().find(a[0], a[1], arity)) return why("native");
    rt.ensureLoaded(a[0]);
    const vm::ModuleCode* m = rt.findModule(a[0]);
    const vm::FunctionCode* fn = m ? findFunction(*m, a[1], arity, exportedOnly) : nullptr;
    if (!fn) return why("undef");
    return funTerm(p, rt.portableFunEntry(fn));
}
Term makePfun(Process& p, const Term* a) {
    return makePfunImpl(p, a, true);
}
// '$make_pfun'({M, F, A}): `pfun F/A` in module M, rooted in the version of M whose
// code made it (the tuple is a literal of that version); the current version when the
// tuple is not a literal of M.
Term makeLocalPfun(Process& p, const Term* a) {
    Term ref = a[0];
    if (!ref.isTuple() || ref.tupleArity() != 3) return p.badarg();
    const Term mfa[3] = {ref.element(0), ref.element(1), ref.element(2)};
    if (mfa[0].isAtom() && mfa[1].isAtom() && mfa[2].isSmall() && mfa[2].small() >= 0 &&
        mfa[2].small() <= 255) {
        if (const vm::ModuleCode* m = p.runtime().moduleVersionHolding(mfa[0], ref.boxedPtr())) {
            if (const vm::FunctionCode* fn =
                    findFunction(*m, mfa[1], uint32_t(mfa[2].small()), false))
                return funTerm(p, p.runtime().portableFunEntry(fn));
        }
    }
    return makePfunImpl(p, mfa, false);
}

Term isFunctionPortable(Process&, const Term* a) {
    return portableEntry(a[0]) ? atoms::kTrue : atoms::kFalse;
}

// The root's source text ("" when the module kept no source).
std::string sourceOf(const vm::FunctionCode& fn) {
    const vm::ModuleCode* m = fn.owner;
    if (!m || fn.sourceEnd <= fn.sourceBegin || fn.sourceEnd > m->source.size()) return {};
    return m->source.substr(fn.sourceBegin, fn.sourceEnd - fn.sourceBegin);
}

std::shared_ptr<const vm::CodeHashInfo> hashInfo(Process& p, const vm::FunEntry& e) {
    std::string why;
    auto info = p.runtime().codeHash(*e.code, &why);
    if (!info || info->closure.empty()) {
        badargBecause(p, vm::makeTuple(p.heap(), {atom(p, "hash_unavailable"),
                                                  vm::makeCharListFromUtf8(p.heap(), why)}));
        return nullptr;
    }
    return info;
}

const vm::CodeHashEntry* closureEntry(const vm::CodeHashInfo& info, const vm::FunctionCode* f) {
    for (const vm::CodeHashEntry& c : info.closure)
        if (c.function == f) return &c;
    return nullptr;
}

// [{M, F, A}]: the non-ambient functions `entry` calls, and those the lambdas it
// creates call (they are part of its source text), each once, in code order.
Term callsList(Process& p, const vm::CodeHashInfo& info, const vm::CodeHashEntry& entry) {
    std::vector<const vm::CodeHashEntry*> todo{&entry};
    std::vector<const vm::CodeHashRef*> calls;
    for (size_t i = 0; i < todo.size(); ++i) {
        for (const vm::CodeHashRef& r : todo[i]->calls) {
            if (r.kind == vm::CodeHashRef::Kind::Ambient) continue;
            auto same = [&](const vm::CodeHashRef* c) {
                return c->module == r.module && c->name == r.name && c->arity == r.arity;
            };
            if (std::none_of(calls.begin(), calls.end(), same)) calls.push_back(&r);
        }
        for (const vm::CodeHashRef& l : todo[i]->lambdas) {
            const vm::CodeHashEntry* body = closureEntry(info, l.callee);
            if (body && std::find(todo.begin(), todo.end(), body) == todo.end())
                todo.push_back(body);
        }
    }
    std::vector<Term> items;
    for (const vm::CodeHashRef* r : calls)
        items.push_back(vm::makeTuple(
            p.heap(), {atom(p, r->module), atom(p, r->name), Term::makeSmall(r->arity)}));
    return vm::makeList(p.heap(), items);
}

Term md5Of(Process& p, const vm::FunEntry& e) {
    const vm::ModuleCode* m = e.code->owner;
    std::array<uint8_t, 16> d =
        md5Digest(m && !m->source.empty() ? std::string_view(m->source)
                                          : std::string_view(p.runtime().atoms().name(e.module)));
    return vm::makeBinary(p.heap(), d.data(), d.size());
}

// fun_info(Fun, Item). Local funs answer as erl does (pid is the asking process: a
// fun term does not record its creator); external funs answer undefined for the
// items they do not have; portable funs are local funs with {type, portable} and
// the items hash, calls and code.
Term funInfo2(Process& p, const Term* a) {
    if (!a[0].isFun() || !a[1].isAtom()) return p.badarg();
    const Term item = a[1];
    const std::string& name = p.runtime().atoms().name(item);
    Term value;
    if (a[0].isBoxKind(vm::BoxKind::Export)) {
        const Term* ex = a[0].boxedPtr();
        if (name == "module")
            value = ex[1];
        else if (name == "name")
            value = ex[2];
        else if (name == "arity")
            value = ex[3];
        else if (name == "env")
            value = Term::nil();
        else if (name == "type")
            value = atoms::kExternal;
        else if (name == "pid" || name == "index" || name == "uniq" || name == "new_index" ||
                 name == "new_uniq" || name == "refc")
            value = atoms::kUndefined;
        else
            return p.badarg();
        return vm::makeTuple(p.heap(), {item, value});
    }
    const vm::FunEntry* e = funEntry(a[0]);
    if (!e) return p.badarg();
    if (name == "pid") {
        value = p.self();
    } else if (name == "module") {
        value = e->module;
    } else if (name == "new_index" || name == "index") {
        value = Term::makeSmall(e->index);
    } else if (name == "new_uniq") {
        value = md5Of(p, *e);
    } else if (name == "uniq") {
        value = Term::makeSmall(e->uniq);
    } else if (name == "name") {
        value = atom(p, e->name);
    } else if (name == "arity") {
        value = Term::makeSmall(e->arity);
    } else if (name == "env") {
        value = vm::makeList(p.heap(), std::span<const Term>(a[0].boxedPtr() + 2, e->numFree));
    } else if (name == "type") {
        value = e->portable ? atom(p, "portable") : atoms::kLocal;
    } else if (name == "refc") {
        value = Term::makeSmall(1);
    } else if (e->portable && name == "hash") {
        auto info = hashInfo(p, *e);
        if (!info) return Term::nonValue();
        value = vm::makeBinary(p.heap(), info->hash.data(), info->hash.size());
    } else if (e->portable && name == "calls") {
        auto info = hashInfo(p, *e);
        if (!info) return Term::nonValue();
        value = callsList(p, *info, info->closure.front());
    } else if (e->portable && name == "code") {
        value = vm::makeCharListFromUtf8(p.heap(), sourceOf(*e->code));
    } else {
        return p.badarg();
    }
    return vm::makeTuple(p.heap(), {item, value});
}

// portable_fun_info(PFun, {dependency_code, {M, F, A}}) -> {dependency_code, Source}
// portable_fun_info(PFun, {dependency_dep, {M, F, A}}) -> {dependency_dep, [{M, F, A}]}
// for a named function M:F/A of PFun's closure.
Term portableFunInfo2(Process& p, const Term* a) {
    const vm::FunEntry* e = portableEntry(a[0]);
    Term req = a[1];
    if (!e || !req.isTuple() || req.tupleArity() != 2 || !req.element(0).isAtom())
        return p.badarg();
    Term tag = req.element(0), mfa = req.element(1);
    const std::string& tagName = p.runtime().atoms().name(tag);
    if (tagName != "dependency_code" && tagName != "dependency_dep") return p.badarg();
    if (!mfa.isTuple() || mfa.tupleArity() != 3 || !mfa.element(0).isAtom() ||
        !mfa.element(1).isAtom() || !mfa.element(2).isSmall())
        return p.badarg();
    auto info = hashInfo(p, *e);
    if (!info) return Term::nonValue();
    for (const vm::CodeHashEntry& c : info->closure) {
        const vm::FunctionCode* f = c.function;
        if (!f || f->lambdaIndex >= 0 || f->module != mfa.element(0) || f->name != mfa.element(1) ||
            int64_t(f->arity) != mfa.element(2).small())
            continue;
        Term value = tagName == "dependency_code" ? vm::makeCharListFromUtf8(p.heap(), sourceOf(*f))
                                                  : callsList(p, *info, c);
        return vm::makeTuple(p.heap(), {tag, value});
    }
    return badargBecause(p, vm::makeTuple(p.heap(), {atom(p, "not_in_closure"), mfa}));
}

constexpr BifSpec kPfunBifs[] = {
    {"erlang", "fun_info", 2, funInfo2},
    {"erlang", "make_pfun", 3, makePfun},
    {"erlang", "$make_pfun", 1, makeLocalPfun},
    {"erlang", "is_function_portable", 1, isFunctionPortable},
    {"erlang", "portable_fun_info", 2, portableFunInfo2},
};

} // namespace

void registerErlangPfunBifs(vm::Runtime& rt) {
    registerTable(rt, kPfunBifs);
}

} // namespace pfun::stdlib::detail
