// Code loaded by content hash: check a batch, link it, publish it (hash_space.h).
#include "pfun/vm/hash_space.h"

#include "pfun/vm/runtime.h"

#include <algorithm>
#include <cstring>
#include <set>

namespace pfun::vm {

std::string toHex(const ContentHash& h) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string s;
    s.reserve(32);
    for (uint8_t b : h) {
        s += kDigits[b >> 4];
        s += kDigits[b & 15];
    }
    return s;
}

namespace {

// The entry a lambda body was made for (its own FunEntry), or nullptr.
const FunEntry* ownEntry(const ModuleCode& m) {
    const FunctionCode& f = *m.functions[0];
    if (f.lambdaIndex < 0 || size_t(f.lambdaIndex) >= m.lambdas.size()) return nullptr;
    return m.lambdas[size_t(f.lambdaIndex)].get();
}

} // namespace

size_t HashSpace::HashKey::operator()(const ContentHash& h) const {
    uint64_t v;
    std::memcpy(&v, h.data(), sizeof v);
    return size_t(v);
}

CallTarget* HashSpace::pinned(const ContentHash& h, uint32_t arity, Term module, Term name) {
    auto& slot = pinned_[{h, arity}];
    if (!slot) {
        slot = std::make_unique<Pinned>();
        slot->hash = h;
        slot->target.module = module;
        slot->target.name = name;
        slot->target.arity = arity;
        slot->target.pinnedHash = &slot->hash;
        auto it = loaded_.find(h);
        if (it != loaded_.end()) {
            const FunctionCode* c = it->second.module->functions[0].get();
            if (c->arity == arity && c->lambdaIndex < 0) slot->target.publish(c, nullptr);
        }
    }
    return &slot->target;
}

bool HashSpace::load(std::vector<HashedFunction> batch, std::string* error) {
    auto fail = [&](std::string reason) {
        if (error) *error = std::move(reason);
        return false;
    };
    std::lock_guard lock(mutex_);
    // What is new in the batch; the rest is loaded already (same hash, same code).
    std::unordered_map<ContentHash, ModuleCode*, HashKey> fresh;
    fresh.reserve(batch.size());
    std::vector<HashedFunction*> todo;
    todo.reserve(batch.size());
    for (HashedFunction& f : batch) {
        if (!f.module || f.module->functions.size() != 1 || !f.module->functions[0])
            return fail("malformed function " + toHex(f.hash));
        if (loaded_.count(f.hash) || fresh.count(f.hash)) continue;
        const FunctionCode& fn = *f.module->functions[0];
        if (f.calls.size() != fn.targets.size() || f.lambdaBodies.size() > f.module->lambdas.size())
            return fail("malformed function " + toHex(f.hash));
        fresh.emplace(f.hash, f.module.get());
        todo.push_back(&f);
    }
    auto moduleOf = [&](const ContentHash& h) -> const ModuleCode* {
        if (auto it = fresh.find(h); it != fresh.end()) return it->second;
        if (auto it = loaded_.find(h); it != loaded_.end()) return it->second.module.get();
        return nullptr;
    };
    // Check everything before changing anything.
    std::vector<std::vector<const BifEntry*>> bifs(todo.size());
    for (size_t i = 0; i < todo.size(); ++i) {
        const HashedFunction& f = *todo[i];
        const FunctionCode& fn = *f.module->functions[0];
        // Named only in an error (not built for every function of a cold spawn).
        auto where = [&] { return toHex(f.hash) + ": "; };
        for (const BifName& b : fn.bifNames) {
            const BifEntry* e = rt_.bifs().find(b.module, b.name, b.arity);
            if (!e)
                return fail(where() + "unknown BIF " + rt_.atoms().name(b.module) + ":" +
                            rt_.atoms().name(b.name) + "/" + std::to_string(b.arity));
            bifs[i].push_back(e);
        }
        if (fn.bifs.size() != 0 && fn.bifNames.empty()) bifs[i] = fn.bifs;
        for (size_t t = 0; t < f.calls.size(); ++t) {
            if (!f.calls[t].byHash) continue;
            const ModuleCode* callee = moduleOf(f.calls[t].hash);
            if (!callee) continue; // loaded later: the target waits for it
            const FunctionCode& c = *callee->functions[0];
            if (c.lambdaIndex >= 0 || c.arity != fn.targets[t]->arity)
                return fail(where() + "call #" + std::to_string(t) + " to " +
                            toHex(f.calls[t].hash) + " disagrees with its arity");
        }
        for (size_t k = 0; k < f.lambdaBodies.size(); ++k) {
            const ModuleCode* body = moduleOf(f.lambdaBodies[k]);
            if (!body)
                return fail(where() + "lambda body " + toHex(f.lambdaBodies[k]) + " is not loaded");
            const FunEntry* own = ownEntry(*body);
            const FunEntry& e = *f.module->lambdas[k];
            if (!own || own->arity != e.arity || own->numFree != e.numFree)
                return fail(where() + "lambda body " + toHex(f.lambdaBodies[k]) +
                            " disagrees with the lambda");
        }
    }
    // Link (only the batch's own structures change, plus new empty pinned targets).
    for (size_t i = 0; i < todo.size(); ++i) {
        HashedFunction& f = *todo[i];
        ModuleCode& m = *f.module;
        FunctionCode& fn = *m.functions[0];
        fn.owner = &m;
        fn.contentHash = f.hash;
        fn.hasContentHash = true;
        fn.bifs = std::move(bifs[i]);
        for (size_t t = 0; t < fn.targets.size(); ++t) {
            CallTarget* ct = fn.targets[t];
            fn.targets[t] = f.calls[t].byHash
                                ? pinned(f.calls[t].hash, ct->arity, ct->module, ct->name)
                                : rt_.exportSlot(ct->module, ct->name, ct->arity);
        }
        for (size_t k = 0; k < f.lambdaBodies.size(); ++k) {
            const ModuleCode& body = *moduleOf(f.lambdaBodies[k]);
            m.lambdas[k]->code = body.functions[0].get();
            // Portable or not is part of the body's hash: the fun follows its body.
            m.lambdas[k]->portable = ownEntry(body)->portable;
        }
        for (JumpTable& t : fn.tables) {
            bool sorted = true;
            for (size_t v = 0; v < t.values.size(); ++v)
                if (t.values[v].isBoxed() || t.values[v].isList() ||
                    (v > 0 && t.values[v - 1].raw() >= t.values[v].raw()))
                    sorted = false;
            t.immediatesSorted = sorted;
        }
    }
    // Publish: the table first, then every waiting target of the new code.
    loaded_.reserve(loaded_.size() + todo.size());
    std::vector<const FunctionCode*> published;
    published.reserve(todo.size());
    for (HashedFunction* f : todo) {
        Loaded l;
        for (const HashedFunction::Ref& r : f->calls)
            if (r.byHash) l.refs.push_back(r.hash);
        l.refs.insert(l.refs.end(), f->lambdaBodies.begin(), f->lambdaBodies.end());
        std::sort(l.refs.begin(), l.refs.end());
        l.refs.erase(std::unique(l.refs.begin(), l.refs.end()), l.refs.end());
        l.module = std::move(f->module);
        published.push_back(l.module->functions[0].get());
        loaded_.emplace(f->hash, std::move(l));
    }
    for (size_t i = 0; i < todo.size(); ++i) {
        const FunctionCode* c = published[i];
        if (c->lambdaIndex >= 0) continue; // lambda bodies are never call targets
        auto it = pinned_.lower_bound({todo[i]->hash, 0});
        for (; it != pinned_.end() && it->first.first == todo[i]->hash; ++it)
            if (it->first.second == c->arity) it->second->target.publish(c, nullptr);
    }
    return true;
}

const FunctionCode* HashSpace::find(const ContentHash& h) const {
    std::lock_guard lock(mutex_);
    auto it = loaded_.find(h);
    return it == loaded_.end() ? nullptr : it->second.module->functions[0].get();
}

std::vector<ContentHash> HashSpace::missing(const ContentHash& root) const {
    std::lock_guard lock(mutex_);
    std::set<ContentHash> seen{root}, absent;
    std::vector<ContentHash> todo{root};
    while (!todo.empty()) {
        const ContentHash h = todo.back();
        todo.pop_back();
        auto it = loaded_.find(h);
        if (it == loaded_.end()) {
            if (h != root) absent.insert(h);
            continue;
        }
        for (const ContentHash& r : it->second.refs)
            if (seen.insert(r).second) todo.push_back(r);
    }
    return {absent.begin(), absent.end()};
}

std::vector<ContentHash> HashSpace::references(const ContentHash& h) const {
    std::lock_guard lock(mutex_);
    auto it = loaded_.find(h);
    return it == loaded_.end() ? std::vector<ContentHash>{} : it->second.refs;
}

const FunEntry* HashSpace::lambdaEntry(const ContentHash& h) const {
    std::lock_guard lock(mutex_);
    auto it = loaded_.find(h);
    return it == loaded_.end() ? nullptr : ownEntry(*it->second.module);
}

size_t HashSpace::size() const {
    std::lock_guard lock(mutex_);
    return loaded_.size();
}

} // namespace pfun::vm
