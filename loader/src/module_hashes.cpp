#include "pfun/loader/module_hashes.h"

#include <algorithm>
#include <unordered_set>

namespace pfun::loader {

namespace {

vm::CodeHashRef toRef(const CodeRef& r) {
    vm::CodeHashRef out;
    switch (r.kind) {
    case CodeRef::Kind::Hash: out.kind = vm::CodeHashRef::Kind::Hash; break;
    case CodeRef::Kind::Ambient: out.kind = vm::CodeHashRef::Kind::Ambient; break;
    case CodeRef::Kind::ByName: out.kind = vm::CodeHashRef::Kind::ByName; break;
    }
    out.module = r.module;
    out.name = r.name;
    out.arity = r.arity;
    out.hash = r.hash;
    out.callee = r.callee;
    return out;
}

// Code that arrived by hash: its stored hash, and its references by name (their
// hashes are in the code store, not in a module of this runtime).
std::shared_ptr<const vm::CodeHashInfo> storedHash(const vm::Runtime& rt,
                                                   const vm::FunctionCode& fn) {
    auto info = std::make_shared<vm::CodeHashInfo>();
    info->hash = fn.contentHash;
    vm::CodeHashEntry root;
    root.function = &fn;
    root.hash = fn.contentHash;
    for (const vm::CallTarget* t : fn.targets) {
        if (!t) continue;
        vm::CodeHashRef r;
        r.module = rt.atoms().name(t->module);
        r.name = rt.atoms().name(t->name);
        r.arity = t->arity;
        const vm::FunctionCode* c = t->codeNow();
        if (c && c->hasContentHash) {
            r.kind = vm::CodeHashRef::Kind::Hash;
            r.hash = c->contentHash;
            r.callee = c;
        }
        root.calls.push_back(std::move(r));
    }
    info->closure.push_back(std::move(root));
    return info;
}

} // namespace

ModuleHashes::Cached* ModuleHashes::cachedFor(vm::Runtime& rt, const vm::ModuleCode& module,
                                              std::string* error) {
    auto it = cache_.find(&module);
    if (it != cache_.end()) {
        bool current = true;
        for (const auto& [name, version] : it->second.versions)
            if (version != &module && rt.findModule(name) != version) current = false;
        if (current) return &it->second;
        cache_.erase(it);
    }
    // The root's module version, then every non-ambient module its code references,
    // transitively (breadth first, each name once).
    std::vector<const vm::ModuleCode*> modules{&module};
    std::unordered_set<uint32_t> seen{module.name.atomIndex()};
    for (size_t i = 0; i < modules.size(); ++i) {
        for (const auto& f : modules[i]->functions) {
            for (const vm::CallTarget* t : f->targets) {
                if (!t || !t->module.isAtom() || seen.count(t->module.atomIndex())) continue;
                seen.insert(t->module.atomIndex());
                if (isAmbient_ && isAmbient_(rt.atoms().name(t->module))) continue;
                rt.ensureLoaded(t->module);
                // Not loadable: calls to it stay by name (resolved where they run).
                if (const vm::ModuleCode* m = rt.findModule(t->module)) modules.push_back(m);
            }
        }
    }
    auto hashes = std::make_shared<HashSet>();
    if (!hashModules(modules, rt.atoms(), isAmbient_, *hashes, error)) return nullptr;
    Cached c;
    for (const vm::ModuleCode* m : modules)
        c.versions.emplace_back(m->name, m);
    c.hashes = std::move(hashes);
    return &(cache_[&module] = std::move(c));
}

std::shared_ptr<const HashSet> ModuleHashes::hashSetOf(vm::Runtime& rt, const vm::FunctionCode& fn,
                                                       std::string* error) {
    if (!fn.owner) {
        if (error) *error = "the function is not loaded";
        return nullptr;
    }
    std::lock_guard lock(mutex_);
    Cached* c = cachedFor(rt, *fn.owner, error);
    return c ? c->hashes : nullptr;
}

std::shared_ptr<const vm::CodeHashInfo>
ModuleHashes::hashOf(vm::Runtime& rt, const vm::FunctionCode& fn, std::string* error) {
    if (fn.hasContentHash) return storedHash(rt, fn);
    if (!fn.owner) {
        if (error) *error = "the function is not loaded";
        return nullptr;
    }
    std::lock_guard lock(mutex_);
    Cached* c = cachedFor(rt, *fn.owner, error);
    if (!c) return nullptr;
    if (auto it = c->infos.find(&fn); it != c->infos.end()) return it->second;
    const HashSet& hs = *c->hashes;
    if (!hs.find(&fn)) {
        if (error) *error = "the function is not part of its module";
        return nullptr;
    }
    auto info = std::make_shared<vm::CodeHashInfo>();
    // The closure, root first: pinned callees and lambda bodies, each once.
    std::vector<const vm::FunctionCode*> todo{&fn};
    std::unordered_set<const vm::FunctionCode*> seen{&fn};
    for (size_t i = 0; i < todo.size(); ++i) {
        const FunctionHash* fh = hs.find(todo[i]);
        if (!fh) continue;
        vm::CodeHashEntry e;
        e.function = todo[i];
        e.hash = fh->hash;
        for (const CodeRef& r : fh->calls) {
            e.calls.push_back(toRef(r));
            if (r.callee && seen.insert(r.callee).second) todo.push_back(r.callee);
        }
        for (const CodeRef& r : fh->lambdas) {
            e.lambdas.push_back(toRef(r));
            if (r.callee && seen.insert(r.callee).second) todo.push_back(r.callee);
        }
        info->closure.push_back(std::move(e));
    }
    info->hash = info->closure.front().hash;
    c->infos.emplace(&fn, info);
    return info;
}

void installModuleHashes(vm::Runtime& rt, AmbientPredicate isAmbient) {
    auto hashes = std::make_shared<ModuleHashes>(std::move(isAmbient));
    rt.setCodeHasher([hashes](vm::Runtime& r, const vm::FunctionCode& fn, std::string* error) {
        return hashes->hashOf(r, fn, error);
    });
}

} // namespace pfun::loader
