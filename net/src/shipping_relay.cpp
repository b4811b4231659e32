// Shipping code this node did not write: a process running code that arrived by hash
// spawns on a third node. The closure is walked in the hash space (what is loaded
// here) and its objects are sent as they arrived, from the code store: the bytes, and
// so the hashes, are the ones the origin made. Callees this node never received stay
// out of the frame; the third node asks for them like any missing code (this node
// first, then its other peers, the origin among them).
#include "shipping_impl.h"

#include "pfun/vm/construct.h"
#include "pfun/vm/hash_space.h"
#include "pfun/vm/process.h"

#include <algorithm>

namespace pfun::net {

using vm::Term;

LoadedRefs refsOfLoaded(const vm::FunctionCode& fn) {
    LoadedRefs refs;
    for (const vm::CallTarget* t : fn.targets)
        if (t && t->pinnedHash) refs.calls.push_back(*t->pinnedHash);
    if (fn.owner)
        for (const auto& entry : fn.owner->lambdas)
            if (entry->code && entry->code != &fn && entry->code->hasContentHash)
                refs.lambdas.push_back(entry->code->contentHash);
    return refs;
}

Term Shipping::relayClosure(vm::Process& p, Term peer, const vm::FunctionCode& root,
                            flatbuffers::FlatBufferBuilder& fbb,
                            std::vector<flatbuffers::Offset<wire::CodeObject>>& objs,
                            SpawnShipped* shipped) {
    vm::Heap& heap = p.heap();
    auto atom = [&](std::string_view s) { return rt_.atoms().intern(s).value(); };
    auto policy = policy_.current();
    auto decide = [&](const vm::FunctionCode& fn) {
        return policy->decide(rt_.atoms().name(fn.module), rt_.atoms().name(fn.name), fn.arity,
                              loader::toHex(fn.contentHash));
    };

    // The closure as loaded here: every function once, with its references.
    struct Node {
        const vm::FunctionCode* fn;
        LoadedRefs refs;
    };
    std::unordered_map<loader::CodeHash, Node, HashKeyHash> closure;
    std::vector<loader::CodeHash> work{root.contentHash};
    while (!work.empty()) {
        loader::CodeHash h = work.back();
        work.pop_back();
        if (closure.count(h)) continue;
        const vm::FunctionCode* fn = rt_.hashSpace().find(h);
        if (!fn) continue; // never received here: the peer fetches it elsewhere
        Node node{fn, refsOfLoaded(*fn)};
        for (const auto& c : node.refs.calls)
            work.push_back(c);
        for (const auto& l : node.refs.lambdas)
            work.push_back(l);
        closure.emplace(h, std::move(node));
    }

    HashSetOfHashes eagerByRule;
    for (const auto& [h, node] : closure) {
        loader::PolicyDecision d = decide(*node.fn);
        if (d.deny) {
            const vm::FunctionCode& fn = *node.fn;
            std::string why = policy->explain(
                rt_.atoms().name(fn.module), rt_.atoms().name(fn.name), fn.arity, loader::toHex(h));
            return vm::makeTuple(
                heap, {atom("ship_denied"),
                       vm::makeTuple(heap, {fn.module, fn.name, Term::makeSmall(fn.arity)}),
                       vm::makeStringList(heap, why)});
        }
        if (d.rule >= 0 && d.mode == loader::ShipMode::Eager) eagerByRule.insert(h);
    }
    loader::PolicyDecision rootDecision = decide(root);
    bool eager = rootDecision.mode == loader::ShipMode::Eager;

    // Lazy: the root, the lambda bodies needed to make funs, callees to the depth.
    HashSetOfHashes selected;
    std::vector<std::pair<loader::CodeHash, uint32_t>> pending{{root.contentHash, 0}};
    while (!eager && !pending.empty()) {
        auto [h, depth] = pending.back();
        pending.pop_back();
        auto it = closure.find(h);
        if (it == closure.end() || !selected.insert(h).second) continue;
        for (const auto& l : it->second.refs.lambdas)
            pending.push_back({l, depth});
        if (depth >= rootDecision.prefetchDepth) continue;
        for (const auto& c : it->second.refs.calls)
            pending.push_back({c, depth + 1});
    }

    // The objects, each group once, from the store.
    std::vector<std::shared_ptr<const loader::EncodedObject>> objects;
    HashSetOfHashes taken;
    uint64_t total = 0;
    for (const auto& [h, node] : closure) {
        if (taken.count(h)) continue;
        auto object = store_->get(h);
        if (!object) continue;
        for (const auto& m : object->members)
            taken.insert(m);
        total += object->bytes.size();
        objects.push_back(std::move(object));
    }
    if (total > policy->maxClosureBytes())
        return vm::makeTuple(heap,
                             {atom("closure_too_large"), vm::makeIntegerU(heap, total),
                              vm::makeIntegerU(heap, policy->maxClosureBytes()), Term::nil()});

    std::vector<const loader::EncodedObject*> order;
    for (const auto& o : objects)
        order.push_back(o.get());
    std::lock_guard lock(mutex_);
    *shipped = pickObjectsLocked(peer, order, eager, selected, eagerByRule, fbb, objs);
    return Term::nonValue();
}

SpawnShipped Shipping::pickObjectsLocked(Term peer,
                                         std::span<const loader::EncodedObject* const> objects,
                                         bool eager, const HashSetOfHashes& selected,
                                         const HashSetOfHashes& eagerByRule,
                                         flatbuffers::FlatBufferBuilder& fbb,
                                         std::vector<flatbuffers::Offset<wire::CodeObject>>& objs) {
    auto& holds = peerHolds_[peer.raw()];
    SpawnShipped sent;
    for (const loader::EncodedObject* o : objects) {
        bool wanted = eager, held = true;
        for (const auto& m : o->members) {
            if (selected.count(m) || eagerByRule.count(m)) wanted = true;
            if (!holds.count(m)) held = false;
        }
        if (held) {
            ++sent.hits;
            continue;
        }
        if (!wanted) continue;
        for (const auto& m : o->members)
            holds.insert(m);
        objs.push_back(wire::CreateCodeObject(fbb, fbb.CreateVector(o->hash.data(), o->hash.size()),
                                              fbb.CreateVector(o->bytes)));
        ++sent.objects;
        sent.bytes += o->bytes.size();
    }
    auto& c = peerCounters(peer);
    for (ShipCounters* k : {&c, &totals_}) {
        ++k->spawnsSent;
        k->objectsShipped += sent.objects;
        k->bytesShipped += sent.bytes;
        k->cacheHits += sent.hits;
    }
    return sent;
}

} // namespace pfun::net
