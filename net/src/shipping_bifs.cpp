// Shipping, the sending side and the BIFs (shipping.h): a remote spawn's closure,
// policy and Spawn frame; result queries; counters.
//
// The BIFs only send: the answer comes back as a message {'$ship_reply', Req, Reply}
// that the calling process waits for in Erlang (erlang.erl), together with
// {nodedown, Node} from monitor_node/2, so a lost peer never leaves it hanging.
#include "shipping_impl.h"

#include "pfun/vm/binary.h"
#include "pfun/vm/construct.h"
#include "pfun/vm/distribution.h"
#include "pfun/vm/external.h"
#include "pfun/vm/map.h"
#include "pfun/vm/number.h"
#include "pfun/vm/process.h"
#include "pfun/vm/scheduler.h"
#include "pfun/vm/signals.h"

#include <algorithm>
#include <chrono>
#include <utility>

namespace pfun::net {

using vm::Process;
using vm::Term;

namespace {

Term atom(vm::Runtime& rt, std::string_view name) {
    return rt.atoms().intern(name).value();
}

// The number of a reference made here (vm::makeRefTerm).
uint64_t refNumber(Term ref) {
    return ref.boxedPtr()[1].raw();
}

Term str(vm::Heap& heap, const std::string& s) {
    return vm::makeStringList(heap, s);
}

// What '$ship_spawn' answers when the spawn cannot reach its node: the caller's
// wrapper turns it into a pid that has already exited with noconnection, as erl
// does. A monitor is set here so that its 'DOWN' can be delivered.
Term lostSpawn(Process& p, uint64_t monitorRef) {
    Term lost = atom(p.runtime(), "noconnection");
    if (monitorRef == 0) return lost;
    p.monitoring.push_back({monitorRef, p.self()});
    return vm::makeTuple(p.heap(), {lost, vm::makeRefTerm(p.heap(), monitorRef)});
}

} // namespace

uint64_t Shipping::newRequestLocked(Process& p, Term peer, bool spawn) {
    watch(peer); // before the request goes: its connection is the one watched
    sweepLocked();
    uint64_t request = nextRequest_++;
    Pending& pend = pending_[request];
    pend.pid = p.self();
    pend.peer = peer;
    pend.spawn = spawn;
    pend.sent = ShipClock::now();
    return request;
}

Term Shipping::spawnRemote(Process& p, Term peer, Term module, Term function, Term args, bool link,
                           uint64_t monitorRef) {
    vm::Runtime& rt = rt_;
    vm::Heap& heap = p.heap();
    const std::string& peerName = rt.atoms().name(peer);
    // Erlang connects on demand; the wait is bounded by the handshake timeout (and
    // made on a worker, never on the network thread: Scheduler::deferBlockingCall).
    if (!node_.isConnected(peerName)) {
        if (vm::Scheduler::deferBlockingCall(p)) return Term::nonValue();
        if (!node_.connect(peerName, std::chrono::seconds(10))) return lostSpawn(p, monitorRef);
    }

    const vm::FunctionCode* code = nullptr;
    std::vector<Term> env;
    bool pfun = module.isNonValue();
    if (pfun) {
        if (!function.isBoxKind(vm::BoxKind::Fun)) return p.badarg();
        const Term* f = function.boxedPtr();
        const auto* entry = reinterpret_cast<const vm::FunEntry*>(f[1].raw());
        code = entry->code;
        for (uint32_t i = 0; i < entry->numFree; ++i)
            env.push_back(f[2 + i]);
    } else {
        int64_t arity = vm::listLength(args);
        rt.ensureLoaded(module);
        const vm::ModuleCode* mod = rt.findModule(module);
        if (mod)
            for (auto& fn : mod->functions)
                if (fn->name == function && int64_t(fn->arity) == arity) code = fn.get();
        if (!code)
            return p.error(vm::makeTuple(
                heap, {atom(rt, "undef"),
                       vm::makeTuple(heap, {module, function, Term::makeSmall(arity)})}));
    }
    if (code && code->hasContentHash) {
        // Code that arrived here by hash, spawned on: its objects as they arrived.
        flatbuffers::FlatBufferBuilder fbb;
        std::vector<flatbuffers::Offset<wire::CodeObject>> objs;
        SpawnShipped shipped;
        Term reason = relayClosure(p, peer, *code, fbb, objs, &shipped);
        if (!reason.isNonValue()) return p.error(reason);
        uint64_t request;
        {
            std::lock_guard lock(mutex_);
            request = newRequestLocked(p, peer, true);
            Pending& pend = pending_[request];
            pend.objectsSent = uint32_t(shipped.objects);
            pend.bytesSent = shipped.bytes;
            pend.cacheHits = uint32_t(shipped.hits);
        }
        return sendSpawn(p, peer, request, module, function, pfun ? vm::makeList(heap, env) : args,
                         code->contentHash, fbb, objs, link, monitorRef);
    }
    std::string error;
    auto set = code ? hashes_.hashSetOf(rt, *code, &error) : nullptr;
    const loader::FunctionHash* rootHash = set ? set->find(code) : nullptr;
    if (!rootHash) return p.error(vm::makeTuple(heap, {atom(rt, "unshippable"), str(heap, error)}));
    const loader::CodeHash root = rootHash->hash;

    auto policy = policy_.current();
    uint64_t request = 0;
    flatbuffers::FlatBufferBuilder fbb;
    std::vector<flatbuffers::Offset<wire::CodeObject>> objs;
    // Warm: the peer holds the whole closure and this policy allowed it before.
    bool warm = false;
    {
        std::lock_guard lock(mutex_);
        auto it = allowed_.find(root);
        if (it != allowed_.end() && it->second.policy == policy) {
            auto& holds = peerHolds_[peer.raw()];
            warm = std::all_of(it->second.closure.begin(), it->second.closure.end(),
                               [&](const loader::CodeHash& h) { return holds.count(h) > 0; });
            if (warm) {
                request = newRequestLocked(p, peer, true);
                Pending& pend = pending_[request];
                pend.warm = true;
                pend.cacheHits = uint32_t(it->second.objects);
                auto& c = peerCounters(peer);
                for (ShipCounters* k : {&c, &totals_}) {
                    ++k->spawnsSent;
                    k->cacheHits += it->second.objects;
                }
            }
        }
    }
    if (!warm) {
        // The policy, object by object.
        std::unordered_map<loader::CodeHash, const loader::FunctionHash*, HashKeyHash> byHash;
        for (const loader::FunctionHash& f : set->functions)
            byHash.emplace(f.hash, &f);
        auto decide = [&](const loader::FunctionHash& f) {
            return policy->decide(rt.atoms().name(f.function->module),
                                  rt.atoms().name(f.function->name), f.function->arity,
                                  loader::toHex(f.hash));
        };
        std::vector<loader::CodeHash> closure = loader::closureOf(*set, code);
        HashSetOfHashes eagerByRule;
        for (const loader::CodeHash& h : closure) {
            auto it = byHash.find(h);
            if (it == byHash.end()) continue;
            const loader::FunctionHash& f = *it->second;
            loader::PolicyDecision d = decide(f);
            if (d.deny) {
                std::string why = policy->explain(rt.atoms().name(f.function->module),
                                                  rt.atoms().name(f.function->name),
                                                  f.function->arity, loader::toHex(f.hash));
                return p.error(
                    vm::makeTuple(heap, {atom(rt, "ship_denied"),
                                         vm::makeTuple(heap, {f.function->module, f.function->name,
                                                              Term::makeSmall(f.function->arity)}),
                                         str(heap, why)}));
            }
            if (d.rule >= 0 && d.mode == loader::ShipMode::Eager) eagerByRule.insert(h);
        }
        loader::PolicyDecision rootDecision = decide(*rootHash);

        std::vector<loader::EncodedObject> objects =
            closures_.encode(set, rt.atoms(), code, &error);
        uint64_t total = 0;
        for (auto& o : objects)
            total += o.bytes.size();
        if (total > policy->maxClosureBytes()) {
            std::vector<const loader::EncodedObject*> order;
            for (auto& o : objects)
                order.push_back(&o);
            std::sort(order.begin(), order.end(),
                      [](auto* a, auto* b) { return a->bytes.size() > b->bytes.size(); });
            Term largest = Term::nil();
            for (size_t i = std::min<size_t>(order.size(), 3); i-- > 0;) {
                auto it = byHash.find(order[i]->hash);
                Term name =
                    it == byHash.end()
                        ? str(heap, loader::toHex(order[i]->hash))
                        : vm::makeTuple(heap,
                                        {it->second->function->module, it->second->function->name,
                                         Term::makeSmall(it->second->function->arity)});
                largest = vm::makeCons(
                    heap,
                    vm::makeTuple(heap, {name, vm::makeIntegerU(heap, order[i]->bytes.size())}),
                    largest);
            }
            return p.error(
                vm::makeTuple(heap, {atom(rt, "closure_too_large"), vm::makeIntegerU(heap, total),
                                     vm::makeIntegerU(heap, policy->maxClosureBytes()), largest}));
        }

        // Lazy: the root, the lambda bodies it needs to make funs, callees to the depth.
        HashSetOfHashes selected;
        bool eager = rootDecision.mode == loader::ShipMode::Eager;
        if (!eager) {
            std::vector<std::pair<const loader::FunctionHash*, uint32_t>> work{{rootHash, 0}};
            while (!work.empty()) {
                auto [f, depth] = work.back();
                work.pop_back();
                if (!selected.insert(f->hash).second) continue;
                for (const loader::CodeRef& r : f->lambdas)
                    if (r.kind == loader::CodeRef::Kind::Hash)
                        if (auto it = byHash.find(r.hash); it != byHash.end())
                            work.push_back({it->second, depth});
                if (depth >= rootDecision.prefetchDepth) continue;
                for (const loader::CodeRef& r : f->calls)
                    if (r.kind == loader::CodeRef::Kind::Hash)
                        if (auto it = byHash.find(r.hash); it != byHash.end())
                            work.push_back({it->second, depth + 1});
            }
        }

        std::vector<const loader::EncodedObject*> order;
        for (const auto& o : objects)
            order.push_back(&o);
        {
            std::lock_guard lock(mutex_);
            request = newRequestLocked(p, peer, true);
            rememberServed(set);
            SpawnShipped shipped =
                pickObjectsLocked(peer, order, eager, selected, eagerByRule, fbb, objs);
            Pending& pend = pending_[request];
            pend.objectsSent = uint32_t(shipped.objects);
            pend.bytesSent = shipped.bytes;
            pend.cacheHits = uint32_t(shipped.hits);
            allowed_[root] = Allowed{policy, closure, objects.size()};
        }
    }
    return sendSpawn(p, peer, request, module, function, pfun ? vm::makeList(heap, env) : args,
                     root, fbb, objs, link, monitorRef);
}

Term Shipping::sendSpawn(Process& p, Term peer, uint64_t request, Term module, Term function,
                         Term argList, const loader::CodeHash& root,
                         flatbuffers::FlatBufferBuilder& fbb,
                         std::vector<flatbuffers::Offset<wire::CodeObject>>& objs, bool link,
                         uint64_t monitorRef) {
    vm::Runtime& rt = rt_;
    vm::Heap& heap = p.heap();
    bool pfun = module.isNonValue();
    Bytes argBytes;
    if (!vm::encodeTerm(argList, rt.atoms(), argBytes, node_.nameAtom())) {
        forget(request);
        return p.error(vm::makeTuple(heap, {atom(rt, "unshippable"), argList}));
    }
    auto body =
        wire::CreateSpawn(fbb, request, p.self().pidNumber(),
                          fbb.CreateString(pfun ? std::string() : rt.atoms().name(module)),
                          fbb.CreateString(pfun ? std::string() : rt.atoms().name(function)),
                          fbb.CreateVector(argBytes), fbb.CreateVector(root.data(), root.size()),
                          fbb.CreateVector(objs), link, monitorRef, true);
    finishEnvelope(fbb, wire::Body_Spawn, body.Union());
    {
        std::lock_guard lock(mutex_);
        // Gone: peerDown already answered it with noconnection, the caller reads that.
        if (!pending_.count(request)) return vm::makeIntegerU(heap, request);
        pending_[request].monitorRef = monitorRef;
    }
    // Not under the lock (a socket write). A connection lost meanwhile: peerDown
    // answers the request, unless the send failed first and it is taken back here.
    if (!node_.sendEnvelope(peer, std::span(fbb.GetBufferPointer(), fbb.GetSize()))) {
        std::lock_guard lock(mutex_);
        if (pending_.erase(request)) return lostSpawn(p, monitorRef);
    }
    if (monitorRef != 0) {
        // Matched by reference when the 'DOWN' comes; the pid is set once known.
        p.monitoring.push_back({monitorRef, p.self()});
        return vm::makeTuple(heap,
                             {vm::makeIntegerU(heap, request), vm::makeRefTerm(heap, monitorRef)});
    }
    return vm::makeIntegerU(heap, request);
}

void Shipping::forget(uint64_t request) {
    std::lock_guard lock(mutex_);
    pending_.erase(request);
}

Term Shipping::queryResult(Process& p, Term pid, Term timeout) {
    vm::Runtime& rt = rt_;
    Term peer = vm::Distribution::pidNode(pid);
    const std::string& peerName = rt.atoms().name(peer);
    if (!node_.isConnected(peerName)) {
        if (vm::Scheduler::deferBlockingCall(p)) return Term::nonValue();
        if (!node_.connect(peerName, std::chrono::seconds(10))) return atom(rt, "noconnection");
    }
    int64_t ms = timeout.isSmall() ? timeout.small() : -1;
    uint64_t request;
    {
        std::lock_guard lock(mutex_);
        request = newRequestLocked(p, peer, false);
    }
    flatbuffers::FlatBufferBuilder fbb;
    auto body = wire::CreateResultQuery(fbb, request, vm::Distribution::pidNumber(pid), ms);
    finishEnvelope(fbb, wire::Body_ResultQuery, body.Union());
    if (!node_.sendEnvelope(peer, std::span(fbb.GetBufferPointer(), fbb.GetSize()))) {
        std::lock_guard lock(mutex_);
        if (pending_.erase(request)) return atom(rt, "noconnection");
    }
    return vm::makeIntegerU(p.heap(), request);
}

Term Shipping::pushedResult(Process& p, Term pid) {
    vm::Heap& heap = p.heap();
    if (vm::Distribution::pidNumber(pid) == 0) // a spawn that never reached its node
        return vm::makeTuple(heap, {vm::atoms::kError, atom(rt_, "noconnection")});
    Term key = rt_.distribution().canonicalPid(pid);
    std::lock_guard lock(mutex_);
    auto it = remotes_.find(key.raw());
    if (it == remotes_.end()) return atom(rt_, "query");
    Remote& r = it->second;
    if (r.done) {
        Term t = decodeBytes(heap, r.outcome);
        if (t.isNonValue())
            t = vm::makeTuple(heap, {vm::atoms::kError, atom(rt_, "malformed_result")});
        return t;
    }
    uint64_t ref = rt_.uniqueInteger();
    r.waiters.push_back({p.self(), ref});
    return vm::makeRefTerm(heap, ref);
}

void Shipping::cancelWait(Term pid, uint64_t ref) {
    Term key = rt_.distribution().canonicalPid(pid);
    std::lock_guard lock(mutex_);
    auto it = remotes_.find(key.raw());
    if (it == remotes_.end()) return;
    auto& v = it->second.waiters;
    v.erase(std::remove_if(v.begin(), v.end(), [&](const Waiter& w) { return w.ref == ref; }),
            v.end());
}

void Shipping::replyResult(Process&, Term peer, uint64_t request, Term outcome) {
    Bytes out;
    if (!vm::encodeTerm(outcome, rt_.atoms(), out, node_.nameAtom())) {
        out.clear();
        vm::Heap heap;
        vm::encodeTerm(vm::makeTuple(heap, {vm::atoms::kError, atom(rt_, "unencodable_result")}),
                       rt_.atoms(), out, node_.nameAtom());
    }
    flatbuffers::FlatBufferBuilder fbb;
    auto body = wire::CreateResultReply(fbb, request, fbb.CreateVector(out));
    finishEnvelope(fbb, wire::Body_ResultReply, body.Union());
    node_.sendEnvelope(peer, std::span(fbb.GetBufferPointer(), fbb.GetSize()));
}

namespace {

Term countersTerm(vm::Runtime& rt, vm::Heap& heap, const ShipCounters& c) {
    auto kv = [&](const char* k, uint64_t v) {
        return vm::makeTuple(heap, {atom(rt, k), vm::makeIntegerU(heap, v)});
    };
    return vm::makeList(
        heap, {kv("spawns_sent", c.spawnsSent), kv("spawns_served", c.spawnsServed),
               kv("objects_shipped", c.objectsShipped), kv("bytes_shipped", c.bytesShipped),
               kv("objects_fetched", c.objectsFetched), kv("bytes_fetched", c.bytesFetched),
               kv("fetch_round_trips", c.fetchRoundTrips), kv("fetches_served", c.fetchesServed),
               kv("cache_hits", c.cacheHits), kv("result_queries", c.resultQueries),
               kv("code_cache_loads", c.storeLoads), kv("own_code_loads", c.ownCodeLoads)});
}

} // namespace

Term Shipping::stats(Process& p) {
    vm::Heap& heap = p.heap();
    std::lock_guard lock(mutex_);
    Term peers = Term::nil();
    for (auto& [raw, c] : perPeer_)
        peers = vm::makeCons(
            heap, vm::makeTuple(heap, {Term::fromRaw(raw), countersTerm(rt_, heap, c)}), peers);
    Term total = countersTerm(rt_, heap, totals_);
    size_t waiters = 0;
    for (auto& [k, r] : remotes_)
        waiters += r.waiters.size();
    auto kv = [&](const char* k, uint64_t v) {
        return vm::makeTuple(heap, {atom(rt_, k), vm::makeIntegerU(heap, v)});
    };
    // The sizes of the request tables (they must drain: tests check for leaks).
    Term tables = vm::makeList(
        heap, {kv("pending", pending_.size()), kv("children", children_.size()),
               kv("fetches", fetches_.size()), kv("want_requests", wantRequests_.size()),
               kv("remotes", remotes_.size()), kv("result_waiters", waiters)});
    total = vm::makeCons(heap, vm::makeTuple(heap, {atom(rt_, "tables"), tables}), total);
    return vm::makeCons(heap, vm::makeTuple(heap, {atom(rt_, "peers"), peers}), total);
}

namespace {

Term mapOf(vm::Runtime& rt, vm::Heap& heap, const std::vector<std::pair<Term, Term>>& kv) {
    std::vector<Term> keys, values;
    for (auto& [k, v] : kv) {
        keys.push_back(k);
        values.push_back(v);
    }
    return vm::mapNew(heap, keys, values, rt.atoms());
}

Term costsMap(vm::Runtime& rt, vm::Heap& heap, const ServeCosts& k) {
    std::vector<std::pair<Term, Term>> kv;
    auto put = [&](const char* key, uint64_t v) {
        kv.emplace_back(atom(rt, key), vm::makeIntegerU(heap, v));
    };
    put("objects_received", k.objectsReceived);
    put("bytes_received", k.bytesReceived);
    put("decode_us", k.decodeUs);
    put("load_us", k.loadUs);
    put("fetch_round_trips", k.fetchRoundTrips);
    put("objects_fetched", k.objectsFetched);
    put("bytes_fetched", k.bytesFetched);
    put("fetch_us", k.fetchUs);
    put("run_us", k.runUs);
    return mapOf(rt, heap, kv);
}

} // namespace

Term Shipping::explain(Process& p, Term pid) {
    vm::Heap& heap = p.heap();
    std::vector<std::pair<Term, Term>> kv;
    auto put = [&](const char* key, Term v) { kv.emplace_back(atom(rt_, key), v); };
    auto num = [&](const char* key, uint64_t v) { put(key, vm::makeIntegerU(heap, v)); };
    std::lock_guard lock(mutex_);
    if (pid.isLocalPid()) {
        // A process this node runs for a peer: what it cost so far.
        auto it = children_.find(pid.pidNumber());
        if (it == children_.end()) return atom(rt_, "undefined");
        const Child& c = *it->second;
        put("role", atom(rt_, "served"));
        put("spawned_by",
            rt_.distribution().remotePid(c.peer, uint32_t(c.spawner), uint32_t(c.spawner >> 32)));
        ServeCosts k = c.costs;
        k.runUs = microsSince(c.started);
        put("served", costsMap(rt_, heap, k));
        return mapOf(rt_, heap, kv);
    }
    auto it = remotes_.find(rt_.distribution().canonicalPid(pid).raw());
    if (it == remotes_.end()) return atom(rt_, "undefined");
    const Remote& r = it->second;
    put("role", atom(rt_, "spawned"));
    put("node", r.peer);
    put("status", atom(rt_, r.done ? "done" : "running"));
    put("warm", r.sent.warm ? vm::atoms::kTrue : vm::atoms::kFalse);
    num("objects_sent", r.sent.objectsSent);
    num("bytes_sent", r.sent.bytesSent);
    num("objects_already_there", r.sent.cacheHits);
    num("spawn_us", microsSince(r.sent.sent, r.replied));
    if (r.done) num("total_us", microsSince(r.sent.sent, r.ended));
    if (r.costsKnown) put("served", costsMap(rt_, heap, r.costs));
    return mapOf(rt_, heap, kv);
}

Shipping& enableShipping(Node& node, ShippingConfig config) {
    auto s = std::make_shared<Shipping>(node, std::move(config));
    Shipping* raw = s.get();
    node.attachShipping(std::move(s));
    // On the I/O thread, which the node joins before it frees its Shipping.
    node.setFrameHandler([raw](Term peer, std::span<const uint8_t> frame, std::string* why) {
        return raw->onFrame(peer, frame, why);
    });
    // Called by processes, which may outlive the node: through the gate.
    node.runtime().setMissingCodeHandler([gate = raw->gate()](Process& p, const vm::CallTarget& t) {
        return Shipping::missingCodeThrough(*gate, p, t);
    });
    return *raw;
}

ShippingRef shippingOf(vm::Runtime& rt) {
    // Entered under the router lock: the node (and so its Shipping) cannot go before
    // the use is counted, and after that ~Node waits for it (Shipping::stop).
    return rt.distribution().withRouter([](vm::RemoteRouter* r) -> ShippingRef {
        Node* n = dynamic_cast<Node*>(r);
        Shipping* s = n ? n->shipping() : nullptr;
        return s ? s->gate()->enter() : ShippingRef();
    });
}

ShippingRef::ShippingRef(ShippingRef&& other) noexcept
    : gate_(std::exchange(other.gate_, nullptr)),
      shipping_(std::exchange(other.shipping_, nullptr)) {}

ShippingRef& ShippingRef::operator=(ShippingRef&& other) noexcept {
    if (this != &other) {
        if (gate_) gate_->leave();
        gate_ = std::exchange(other.gate_, nullptr);
        shipping_ = std::exchange(other.shipping_, nullptr);
    }
    return *this;
}

ShippingRef::~ShippingRef() {
    if (gate_) gate_->leave();
}

namespace {

ShippingRef need(Process& p) {
    ShippingRef s = shippingOf(p.runtime());
    if (!s) p.error(atom(p.runtime(), "not_alive"));
    return s;
}

// A runtime that is not a node cannot spawn elsewhere.
ShippingRef needForSpawn(Process& p, Term node) {
    ShippingRef s = shippingOf(p.runtime());
    if (!s)
        p.error(vm::makeTuple(
            p.heap(),
            {vm::atoms::kBadarg,
             vm::makeTuple(p.heap(), {atom(p.runtime(), "remote_spawn_unavailable"), node})}));
    return s;
}

// erlang:'$ship_spawn'(Node, Fun) -> Req
Term shipSpawn2(Process& p, const Term* a) {
    if (!a[0].isAtom() || !a[1].isBoxKind(vm::BoxKind::Fun)) return p.badarg();
    ShippingRef s = needForSpawn(p, a[0]);
    return s ? s->spawnRemote(p, a[0], Term::nonValue(), a[1], Term::nil()) : Term::nonValue();
}

// erlang:'$ship_spawn'(Node, M, F, Args) -> Req
Term shipSpawn4(Process& p, const Term* a) {
    if (!a[0].isAtom() || !a[1].isAtom() || !a[2].isAtom() || vm::listLength(a[3]) < 0)
        return p.badarg();
    ShippingRef s = needForSpawn(p, a[0]);
    return s ? s->spawnRemote(p, a[0], a[1], a[2], a[3]) : Term::nonValue();
}

// How a remote spawn is tied to its caller: none, link or monitor.
bool spawnMode(Process& p, Term mode, bool* link, uint64_t* monitorRef) {
    *link = false;
    *monitorRef = 0;
    if (mode == atom(p.runtime(), "link")) {
        *link = true;
    } else if (mode == atom(p.runtime(), "monitor")) {
        *monitorRef = p.runtime().uniqueInteger();
    } else if (mode != atom(p.runtime(), "none")) {
        return false;
    }
    return true;
}

// erlang:'$ship_spawn'(Node, Fun, Mode) -> Req | {Req, MonitorRef}
Term shipSpawn3(Process& p, const Term* a) {
    bool link;
    uint64_t ref;
    if (!a[0].isAtom() || !a[1].isBoxKind(vm::BoxKind::Fun) || !spawnMode(p, a[2], &link, &ref))
        return p.badarg();
    ShippingRef s = needForSpawn(p, a[0]);
    return s ? s->spawnRemote(p, a[0], Term::nonValue(), a[1], Term::nil(), link, ref)
             : Term::nonValue();
}

// erlang:'$ship_spawn'(Node, M, F, Args, Mode) -> Req | {Req, MonitorRef}
Term shipSpawn5(Process& p, const Term* a) {
    bool link;
    uint64_t ref;
    if (!a[0].isAtom() || !a[1].isAtom() || !a[2].isAtom() || vm::listLength(a[3]) < 0 ||
        !spawnMode(p, a[4], &link, &ref))
        return p.badarg();
    ShippingRef s = needForSpawn(p, a[0]);
    return s ? s->spawnRemote(p, a[0], a[1], a[2], a[3], link, ref) : Term::nonValue();
}

// erlang:'$ship_bind'(MonitorRef, Pid | false) -> ok: the monitor a remote
// spawn_monitor set names the new pid, or goes when the spawn failed.
Term shipBind(Process& p, const Term* a) {
    if (!a[0].isRef()) return p.badarg();
    uint64_t ref = refNumber(a[0]);
    auto it = std::find_if(p.monitoring.begin(), p.monitoring.end(),
                           [&](const vm::MonitorEntry& m) { return m.ref == ref; });
    if (it == p.monitoring.end()) return vm::atoms::kOk; // its 'DOWN' came already
    if (a[1].isPid())
        it->pid = p.runtime().distribution().canonicalPid(a[1]);
    else
        p.monitoring.erase(it);
    return vm::atoms::kOk;
}

// erlang:'$ship_lost'(Node, none | link | MonitorRef) -> Pid: a spawn whose node
// could not be reached, or whose connection went before the SpawnReply, returns
// the pid <I.0.0> of that node (no process has number 0) that has exited with
// noconnection: its get_result is {error, noconnection}, a link delivers the exit
// signal and a monitor its 'DOWN', as erl does for a spawn to a node that is down.
Term shipLost(Process& p, const Term* a) {
    if (!a[0].isAtom()) return p.badarg();
    vm::Runtime& rt = p.runtime();
    Term pid = rt.distribution().remotePid(a[0], 0, 0);
    Term noconnection = atom(rt, "noconnection");
    if (a[1] == atom(rt, "link")) {
        if (std::find(p.links.begin(), p.links.end(), pid) == p.links.end()) p.links.push_back(pid);
        vm::sendSignal(rt, p.self(), vm::makeSignal(vm::SignalKind::LinkExit, pid, noconnection),
                       &p);
    } else if (a[1].isRef()) {
        uint64_t ref = refNumber(a[1]);
        auto it = std::find_if(p.monitoring.begin(), p.monitoring.end(),
                               [&](const vm::MonitorEntry& m) { return m.ref == ref; });
        if (it != p.monitoring.end()) {
            it->pid = pid;
            vm::sendSignal(rt, p.self(),
                           vm::makeSignal(vm::SignalKind::Down, pid, noconnection, ref), &p);
        }
    } else if (a[1] != atom(rt, "none")) {
        return p.badarg();
    }
    return pid;
}

// erlang:'$ship_result'(RemotePid) -> Outcome | Ref | query
Term shipResult(Process& p, const Term* a) {
    if (!a[0].isBoxKind(vm::BoxKind::ExtPid)) return p.badarg();
    ShippingRef s = shippingOf(p.runtime());
    if (!s) return atom(p.runtime(), "query");
    return s->pushedResult(p, a[0]);
}

// erlang:'$ship_result_cancel'(RemotePid, Ref) -> ok
Term shipResultCancel(Process& p, const Term* a) {
    if (!a[0].isBoxKind(vm::BoxKind::ExtPid) || !a[1].isRef()) return p.badarg();
    if (ShippingRef s = shippingOf(p.runtime())) s->cancelWait(a[0], refNumber(a[1]));
    return vm::atoms::kOk;
}

// net:explain(Pid) -> Map | undefined
Term netExplain(Process& p, const Term* a) {
    if (!a[0].isPid()) return p.badarg();
    ShippingRef s = shippingOf(p.runtime());
    if (!s) return atom(p.runtime(), "undefined");
    return s->explain(p, a[0]);
}

// erlang:'$ship_result_query'(RemotePid, Timeout) -> Req | noconnection
Term shipResultQuery(Process& p, const Term* a) {
    if (!a[0].isBoxKind(vm::BoxKind::ExtPid)) return p.badarg();
    ShippingRef s = shippingOf(p.runtime());
    if (!s) return atom(p.runtime(), "noconnection");
    return s->queryResult(p, a[0], a[1]);
}

// erlang:'$ship_result_reply'(Peer, Req, Outcome) -> ok
Term shipResultReply(Process& p, const Term* a) {
    if (!a[0].isAtom() || !a[1].isInteger()) return p.badarg();
    uint64_t req = 0;
    if (!a[1].isSmall() || a[1].small() < 0) return p.badarg();
    req = uint64_t(a[1].small());
    if (ShippingRef s = shippingOf(p.runtime())) s->replyResult(p, a[0], req, a[2]);
    return vm::atoms::kOk;
}

// erlang:'$ship_forget'(Req) -> ok
Term shipForget(Process& p, const Term* a) {
    if (a[0].isSmall() && a[0].small() >= 0)
        if (ShippingRef s = shippingOf(p.runtime())) s->forget(uint64_t(a[0].small()));
    return vm::atoms::kOk;
}

// erlang:'$ship_peer_down'(Node) -> ok (the watcher saw {nodedown, Node})
Term shipPeerDown(Process& p, const Term* a) {
    if (!a[0].isAtom()) return p.badarg();
    if (ShippingRef s = shippingOf(p.runtime())) s->peerDown(a[0]);
    return vm::atoms::kOk;
}

// net:ship_stats() -> [{peers, [{Node, Counters}]} | Counters]
Term shipStats(Process& p, const Term*) {
    ShippingRef s = shippingOf(p.runtime());
    if (!s) return Term::nil();
    return s->stats(p);
}

// net:set_policy(File) -> ok | {error, Message}; File is a string or a binary. A
// process a peer spawned here (or its descendant) gets error {not_allowed, set_policy}.
Term setPolicy(Process& p, const Term* a) {
    std::string path;
    if (vm::isBinaryTerm(a[0])) {
        vm::BinaryView v = vm::binaryView(a[0]);
        path.resize(v.byteSize());
        vm::copyBits(reinterpret_cast<uint8_t*>(path.data()), 0, v.data, v.bitOffset, v.bitSize);
    } else if (!vm::charListToUtf8(a[0], path)) { // code points, as erl's file names
        return p.badarg();
    }
    if (path.empty() || path.find('\0') != std::string::npos) return p.badarg();
    // Code a peer spawned here must not lift the limits the policy puts on it.
    if (p.spawnedByPeer)
        return p.error(vm::makeTuple(
            p.heap(), {atom(p.runtime(), "not_allowed"), atom(p.runtime(), "set_policy")}));
    ShippingRef s = need(p);
    if (!s) return Term::nonValue();
    std::string error;
    if (!s->policy().reload(path, &error))
        return vm::makeTuple(p.heap(), {vm::atoms::kError, str(p.heap(), error)});
    return vm::atoms::kOk;
}

} // namespace

void registerShippingBifs(vm::Runtime& rt) {
    Term erlang = rt.atom("erlang"), net = rt.atom("net");
    rt.bifs().add(erlang, rt.atom("$ship_spawn"), 2, shipSpawn2);
    rt.bifs().add(erlang, rt.atom("$ship_spawn"), 4, shipSpawn4);
    rt.bifs().add(erlang, rt.atom("$ship_spawn"), 3, shipSpawn3);
    rt.bifs().add(erlang, rt.atom("$ship_spawn"), 5, shipSpawn5);
    rt.bifs().add(erlang, rt.atom("$ship_bind"), 2, shipBind);
    rt.bifs().add(erlang, rt.atom("$ship_lost"), 2, shipLost);
    rt.bifs().add(erlang, rt.atom("$ship_result"), 1, shipResult);
    rt.bifs().add(erlang, rt.atom("$ship_result_cancel"), 2, shipResultCancel);
    rt.bifs().add(net, rt.atom("explain"), 1, netExplain);
    rt.bifs().add(erlang, rt.atom("$ship_result_query"), 2, shipResultQuery);
    rt.bifs().add(erlang, rt.atom("$ship_result_reply"), 3, shipResultReply);
    rt.bifs().add(erlang, rt.atom("$ship_forget"), 1, shipForget);
    rt.bifs().add(erlang, rt.atom("$ship_peer_down"), 1, shipPeerDown);
    rt.bifs().add(net, rt.atom("ship_stats"), 0, shipStats);
    rt.bifs().add(net, rt.atom("set_policy"), 1, setPolicy);
}

} // namespace pfun::net
