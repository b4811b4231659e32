// Shipping, the receiving side: Spawn, CodeWant and CodePush frames on the I/O
// thread, code fetches for suspended processes (shipping.h).
#include "shipping_impl.h"

#include "pfun/vm/binary.h"
#include "pfun/vm/construct.h"
#include "pfun/vm/distribution.h"
#include "pfun/vm/external.h"
#include "pfun/vm/hash_space.h"
#include "pfun/vm/lifecycle.h"
#include "pfun/vm/process.h"
#include "pfun/vm/signals.h"

#include <algorithm>

namespace pfun::net {

using vm::Term;

namespace {

loader::CodeHash hashOf(const flatbuffers::Vector<uint8_t>* v, bool* ok) {
    loader::CodeHash h{};
    *ok = v && v->size() == h.size();
    if (*ok) std::copy(v->begin(), v->end(), h.begin());
    return h;
}

Bytes encoded(Term t, vm::Runtime& rt, Term localNode) {
    Bytes out;
    if (!vm::encodeTerm(t, rt.atoms(), out, localNode)) {
        out.clear();
        vm::encodeTerm(rt.atoms().intern("unencodable_term").value(), rt.atoms(), out, localNode);
    }
    return out;
}

} // namespace

Shipping::Shipping(Node& node, ShippingConfig config)
    : node_(node), rt_(node.runtime()), hashes_(std::move(config.isAmbient)),
      policy_(std::move(config.policy)) {
    loader::CodeStore::Config storeConfig;
    storeConfig.cacheDir = config.codeCacheDir;
    storeConfig.log = [this](std::string_view line) { log("code cache: " + std::string(line)); };
    store_ = std::make_unique<loader::CodeStore>(rt_.atoms(), std::move(storeConfig));
}

Shipping::~Shipping() = default;

void Shipping::log(const std::string& line) {
    rt_.writeError("=SHIPPING REPORT==== " + node_.name() + ": " + line + "\n");
}

bool Shipping::onFrame(Term peer, std::span<const uint8_t> frame, std::string* why) {
    // The node is being torn down (stop()): its waiters were answered already.
    if (stopped_.load(std::memory_order_acquire)) return true;
    const wire::Envelope* env = wire::GetEnvelope(frame.data());
    switch (env->body_type()) {
    case wire::Body_Spawn: return handleSpawn(peer, *env->body_as_Spawn(), why);
    case wire::Body_SpawnReply: return handleSpawnReply(peer, *env->body_as_SpawnReply(), why);
    case wire::Body_ResultQuery: {
        auto* m = env->body_as_ResultQuery();
        if (m->pid() >> 58) {
            *why = "ResultQuery for an impossible pid number";
            return false;
        }
        {
            std::lock_guard lock(mutex_);
            ++totals_.resultQueries;
            ++peerCounters(peer).resultQueries;
        }
        // A helper process waits for the result (get_result/2) and answers: the I/O
        // thread never waits.
        vm::Heap heap;
        Term timeout = m->timeout_ms() < 0 ? rt_.atoms().intern("infinity").value()
                                           : vm::makeInteger(heap, m->timeout_ms());
        Term args = vm::makeList(heap, {Term::makeLocalPid(m->pid()), timeout, peer,
                                        vm::makeIntegerU(heap, m->request())});
        vm::SpawnOptions opts;
        vm::spawnProcess(rt_, nullptr, rt_.atoms().intern("erlang").value(),
                         rt_.atoms().intern("$ship_serve_result").value(), args, opts);
        return true;
    }
    case wire::Body_ResultReply: {
        auto* m = env->body_as_ResultReply();
        if (m->request() == 0 && m->pid() != 0) return handlePush(peer, *m, why);
        deliverReply(m->request(), [&](vm::Heap& heap) {
            Term outcome =
                m->outcome()
                    ? decodeBytes(heap, std::span(m->outcome()->data(), m->outcome()->size()))
                    : Term::nonValue();
            if (outcome.isNonValue())
                outcome = vm::makeTuple(
                    heap, {vm::atoms::kError, rt_.atoms().intern("malformed_result").value()});
            return outcome;
        });
        return true;
    }
    case wire::Body_CodeWant: return handleCodeWant(peer, *env->body_as_CodeWant(), why);
    case wire::Body_CodePush: return handleCodePush(peer, *env->body_as_CodePush(), why);
    default: *why = "unexpected frame for the shipping layer"; return false;
    }
}

void Shipping::deliverReply(uint64_t request, const std::function<Term(vm::Heap&)>& make) {
    Term to;
    {
        std::lock_guard lock(mutex_);
        auto it = pending_.find(request);
        if (it == pending_.end()) return; // the caller gave up (its node went down)
        to = it->second.pid;
        pending_.erase(it);
    }
    sendReply(to, request, make);
}

void Shipping::sendReply(Term to, uint64_t request, const std::function<Term(vm::Heap&)>& make) {
    vm::Signal s;
    s.kind = vm::SignalKind::Message;
    s.from = to;
    s.fragment = std::make_unique<vm::Heap>(32, vm::Heap::Exact{});
    vm::Heap& heap = *s.fragment;
    Term reply = make(heap);
    s.payload = vm::makeTuple(heap, {shipReplyAtom_, vm::makeIntegerU(heap, request), reply});
    vm::sendSignal(rt_, to, std::move(s), nullptr);
}

bool Shipping::handleSpawnReply(Term peer, const wire::SpawnReply& m, std::string* why) {
    uint64_t pidNumber = m.pid();
    if (pidNumber >> 58) {
        *why = "SpawnReply with an impossible pid number";
        return false;
    }
    Pending pend;
    Term pid = Term::nonValue();
    {
        std::lock_guard lock(mutex_);
        auto it = pending_.find(m.request());
        if (it == pending_.end()) return true; // the caller gave up (its node went down)
        pend = it->second;
        pending_.erase(it);
        if (pidNumber != 0) {
            pid =
                rt_.distribution().remotePid(peer, uint32_t(pidNumber), uint32_t(pidNumber >> 32));
            Remote& r = remotes_[pid.raw()];
            r = Remote{};
            r.peer = peer;
            r.spawner = pend.pid;
            r.monitorRef = pend.monitorRef;
            r.sent = pend;
            r.replied = ShipClock::now();
            sweepLocked();
        }
    }
    if (pidNumber != 0) {
        sendReply(pend.pid, m.request(), [&](vm::Heap& heap) {
            return vm::makeTuple(heap, {vm::atoms::kOk, pid});
        });
    } else {
        sendReply(pend.pid, m.request(), [&](vm::Heap& heap) {
            Term reason = decodeTerm(rt_, heap, m.error(), node_.nameAtom());
            if (reason.isNonValue()) reason = rt_.atoms().intern("remote_spawn_failed").value();
            return vm::makeTuple(heap, {vm::atoms::kError, reason});
        });
    }
    return true;
}

bool Shipping::decodeAll(Term peer,
                         const flatbuffers::Vector<flatbuffers::Offset<wire::CodeObject>>* objects,
                         std::vector<std::unique_ptr<loader::DecodedObject>>& out,
                         std::vector<loader::EncodedObject>& kept, size_t* bytes,
                         std::string* why) {
    *bytes = 0;
    if (!objects) return true;
    for (const wire::CodeObject* o : *objects) {
        bool ok = false;
        loader::CodeHash h = hashOf(o->hash(), &ok);
        if (!ok || !o->bytes()) {
            *why = "a code object without a 16-byte hash or bytes";
            log(*why + " from " + rt_.atoms().name(peer));
            return false;
        }
        std::string error;
        auto decoded = loader::decodeObject(std::span(o->bytes()->data(), o->bytes()->size()),
                                            rt_.atoms(), &error, &h);
        if (!decoded) {
            *why = "code object " + loader::toHex(h) + " refused: " + error;
            log(*why + " (from " + rt_.atoms().name(peer) + ", disconnecting)");
            return false;
        }
        *bytes += o->bytes()->size();
        kept.push_back(loader::CodeStore::describe(
            std::span(o->bytes()->data(), o->bytes()->size()), *decoded));
        out.push_back(std::move(decoded));
    }
    return true;
}

bool Shipping::loadAndKeep(std::vector<std::unique_ptr<loader::DecodedObject>> objects,
                           std::vector<loader::EncodedObject> kept, std::string* error) {
    if (!objects.empty() && !loader::loadObjects(rt_, std::move(objects), error)) return false;
    for (auto& o : kept)
        store_->put(std::move(o));
    return true;
}

std::shared_ptr<const loader::EncodedObject> Shipping::localObject(const loader::CodeHash& h,
                                                                   bool* own) {
    *own = false;
    if (auto stored = store_->get(h)) return stored;
    Served served;
    {
        std::lock_guard lock(mutex_);
        auto it = served_.find(h);
        if (it == served_.end()) return nullptr;
        served = it->second;
    }
    // The HashSet it was shipped from holds the module versions of that moment, so
    // this is the code the hash names even if the module was reloaded since.
    auto object = std::make_shared<loader::EncodedObject>();
    std::string error;
    if (!loader::encodeObject(*served.set, rt_.atoms(), served.function, *object, &error)) {
        log("own code " + loader::toHex(h) + " failed to encode: " + error);
        return nullptr;
    }
    *own = true;
    return object;
}

bool Shipping::loadLocal(const loader::CodeHash& h, bool* own) {
    if (own) *own = false;
    // The object, and the objects of lambda bodies its members create that are not
    // loaded (a fun needs its body when it is made; calls may stay missing and come
    // the same way when they are called). Each object is decoded (and so verified
    // and re-hashed, own code too: what runs is exactly what the hash names) once,
    // then loaded as one batch.
    std::vector<std::unique_ptr<loader::DecodedObject>> objects;
    std::vector<loader::CodeHash> work{h};
    HashSetOfHashes seen;
    bool rootOwn = false;
    while (!work.empty()) {
        loader::CodeHash next = work.back();
        work.pop_back();
        if (!seen.insert(next).second || rt_.hashSpace().contains(next)) continue;
        bool fromServed = false;
        auto object = localObject(next, &fromServed);
        if (!object) return false;
        if (next == h) rootOwn = fromServed;
        for (const auto& m : object->members)
            seen.insert(m);
        std::string error;
        auto decoded = loader::decodeObject(object->bytes, rt_.atoms(), &error, &next);
        if (!decoded) {
            log("code " + loader::toHex(next) + " held here does not decode: " + error);
            return false;
        }
        for (const auto& member : decoded->members)
            for (const loader::ObjectRef& r : member.lambdas)
                if (r.kind == loader::ObjectRef::Kind::Hash) work.push_back(r.hash);
        objects.push_back(std::move(decoded));
    }
    std::string error;
    if (!objects.empty() && !loader::loadObjects(rt_, std::move(objects), &error)) {
        log("code " + loader::toHex(h) + " held here failed to load: " + error);
        return false;
    }
    if (!rt_.hashSpace().contains(h)) return false;
    if (own) *own = rootOwn;
    return true;
}

bool Shipping::handleSpawn(Term peer, const wire::Spawn& m, std::string* why) {
    if (m.from() >> 58) {
        *why = "Spawn from an impossible pid number";
        return false;
    }
    auto ctx = std::make_shared<Child>();
    ctx->peer = peer;
    ctx->spawner = m.from();
    ctx->push = m.push_result();
    ctx->monitor = m.monitor_ref() != 0;
    auto t0 = ShipClock::now();
    std::vector<std::unique_ptr<loader::DecodedObject>> objects;
    std::vector<loader::EncodedObject> kept;
    size_t bytes = 0;
    if (!decodeAll(peer, m.objects(), objects, kept, &bytes, why)) return false;
    auto t1 = ShipClock::now();
    ctx->costs.objectsReceived = uint32_t(objects.size());
    ctx->costs.bytesReceived = bytes;
    ctx->costs.decodeUs = microsSince(t0, t1);
    bool rootOk = false;
    loader::CodeHash root = hashOf(m.root(), &rootOk);
    {
        std::lock_guard lock(mutex_);
        ++totals_.spawnsServed;
        ++peerCounters(peer).spawnsServed;
        auto& holds = peerHolds_[peer.raw()];
        for (auto& o : objects)
            for (auto& member : o->members)
                holds.insert(member.hash);
    }
    auto fail = [&](Term reasonFor) {
        flatbuffers::FlatBufferBuilder fbb;
        Bytes err = encoded(reasonFor, rt_, node_.nameAtom());
        auto body = wire::CreateSpawnReply(fbb, m.request(), 0, fbb.CreateVector(err));
        finishEnvelope(fbb, wire::Body_SpawnReply, body.Union());
        node_.sendEnvelope(peer, std::span(fbb.GetBufferPointer(), fbb.GetSize()));
        return true;
    };
    vm::Heap heap(m.args() ? m.args()->size() + 16 : 16, vm::Heap::Exact{});
    if (!rootOk) return fail(rt_.atoms().intern("no_root").value());
    std::string error;
    if (!loadAndKeep(std::move(objects), std::move(kept), &error)) {
        log("spawn from " + rt_.atoms().name(peer) + " failed to load: " + error);
        return fail(vm::makeTuple(
            heap, {rt_.atoms().intern("load_failed").value(), vm::makeStringList(heap, error)}));
    }
    auto t2 = ShipClock::now();
    ctx->costs.loadUs = microsSince(t1, t2);
    auto unavailable = [&] {
        return vm::makeTuple(heap, {rt_.atoms().intern("code_unavailable").value(),
                                    vm::makeBinary(heap, root.data(), root.size())});
    };
    Term args = decodeTerm(rt_, heap, m.args(), node_.nameAtom());
    if (args.isNonValue() || vm::listLength(args) < 0) {
        *why = "Spawn with malformed arguments";
        return false;
    }
    bool pfun = !m.module_() || m.module_()->size() == 0;
    // Not sent because the sender believed this node holds it: code this node sent
    // it before (its own modules, or code it relayed) or received (in the store,
    // also after a restart with a cache directory).
    if (!rt_.hashSpace().contains(root)) {
        bool own = false;
        if (loadLocal(root, &own) && own) {
            std::lock_guard lock(mutex_);
            ++totals_.ownCodeLoads;
            ++peerCounters(peer).ownCodeLoads;
        }
    }
    const vm::FunEntry* entry = nullptr;
    if (pfun) {
        entry = rt_.hashSpace().lambdaEntry(root);
    } else {
        const vm::FunctionCode* fn = rt_.hashSpace().find(root);
        if (fn) entry = rt_.portableFunEntry(fn);
    }
    if (!entry) return fail(unavailable());
    // What this node runs for its peers ([accept] of its policy). Checked once the
    // code is loaded (verified, never run): the peer now holds that it is here, so a
    // spawn accepted later need not carry it again.
    const auto policy = policy_.current();
    auto refuse = [&](const std::string& why) {
        log("spawn from " + rt_.atoms().name(peer) + " refused: " + why);
        return fail(vm::makeTuple(
            heap, {rt_.atoms().intern("not_accepted").value(), vm::makeStringList(heap, why)}));
    };
    if (std::string why; !policy->acceptsPeer(rt_.atoms().name(peer), &why)) return refuse(why);
    if (const vm::FunctionCode* rc = entry->code; rc && policy->accept().roots) {
        std::string why;
        if (!policy->acceptsRoot(rt_.atoms().name(rc->module), rt_.atoms().name(rc->name),
                                 rc->arity, loader::toHex(root), &why))
            return refuse(why);
    }
    if (policy->accept().maxProcesses) {
        // Exact: spawns are served on the node's one I/O thread, and children_ gains
        // this one (beforeStart) before the next Spawn frame is read.
        size_t running;
        {
            std::lock_guard lock(mutex_);
            running = children_.size();
        }
        if (std::string why; !policy->acceptsAnotherProcess(running, &why)) return refuse(why);
    }
    Term fun;
    Term spawnArgs;
    if (pfun) {
        // args is the environment: the captured values, in order.
        if (uint64_t(vm::listLength(args)) != entry->numFree || entry->arity != 0)
            return fail(rt_.atoms().intern("bad_environment").value());
        Term* f = heap.alloc(2 + entry->numFree);
        f[0] = Term::makeHeader(vm::BoxKind::Fun, 1 + entry->numFree);
        f[1] = Term::fromRaw(reinterpret_cast<uint64_t>(entry));
        Term l = args;
        for (uint32_t i = 0; i < entry->numFree; ++i, l = l.tail())
            f[2 + i] = l.head();
        fun = Term::makeBoxed(f);
        spawnArgs = Term::nil();
    } else {
        Term* f = heap.alloc(2);
        f[0] = Term::makeHeader(vm::BoxKind::Fun, 1);
        f[1] = Term::fromRaw(reinterpret_cast<uint64_t>(entry));
        fun = Term::makeBoxed(f);
        spawnArgs = args;
        if (uint64_t(vm::listLength(args)) != entry->arity)
            return fail(rt_.atoms().intern("badarity").value());
    }
    vm::SpawnOptions opts;
    // The hook may run after the node is gone (the process outlives it): it goes
    // through the gate, which refuses once the node is being torn down.
    opts.onExit = [gate = gate_, ctx](vm::Process& p, vm::RunStatus how) {
        // Without a hook, finishProcess reports crashes itself: the same here.
        if (how == vm::RunStatus::Raised && !p.killed &&
            p.exceptionClass() != vm::ExceptionClass::Exit)
            p.runtime().reportCrash(p, vm::exitReasonOf(p, how));
        if (ShippingRef s = gate->enter()) s->childEnded(p, how, *ctx);
    };
    const bool link = m.link();
    Term spawner = rt_.distribution().remotePid(peer, uint32_t(m.from()), uint32_t(m.from() >> 32));
    opts.beforeStart = [&](vm::Process& c) {
        // Booked before the process can run or be seen: no exit goes unobserved.
        ctx->started = ShipClock::now();
        c.spawnedByPeer = true;
        const loader::AcceptPolicy& acc = policy->accept();
        auto tighter = [](auto current, uint64_t limit) {
            return limit && (!current || limit < current) ? decltype(current)(limit) : current;
        };
        c.maxHeapWords = tighter(c.maxHeapWords, acc.maxHeapWords);
        c.maxMailbox = tighter(c.maxMailbox, acc.maxMailbox);
        if (acc.maxReductions)
            c.reductionBudget = std::make_shared<std::atomic<int64_t>>(int64_t(acc.maxReductions));
        {
            std::lock_guard lock(mutex_);
            children_[c.self().pidNumber()] = ctx;
        }
        if (!link) return;
        c.links.push_back(spawner);
        // The spawner's node learns of the link (and books it for noconnection)
        // before the SpawnReply, which follows on the same connection.
        node_.routeSignal(spawner, vm::makeSignal(vm::SignalKind::Link, c.self(), Term::nil()));
    };
    auto child = vm::spawnProcess(rt_, nullptr, Term::nonValue(), fun, spawnArgs, opts);
    uint64_t pidNumber = child->self().pidNumber();
    child.reset();
    {
        flatbuffers::FlatBufferBuilder fbb;
        auto body = wire::CreateSpawnReply(fbb, m.request(), pidNumber);
        finishEnvelope(fbb, wire::Body_SpawnReply, body.Union());
        node_.sendEnvelope(peer, std::span(fbb.GetBufferPointer(), fbb.GetSize()));
    }
    // A push the process made before the reply went out follows it now.
    Bytes stash;
    {
        std::lock_guard lock(mutex_);
        ctx->replied = true;
        stash.swap(ctx->stash);
    }
    if (!stash.empty()) node_.sendEnvelope(peer, stash);
    return true;
}

void Shipping::childEnded(vm::Process& p, vm::RunStatus how, Child& c) {
    // A copy: explain/1 may read c.costs meanwhile (nothing else writes it now, the
    // process is not waiting for code any more).
    ServeCosts k = c.costs;
    k.runUs = microsSince(c.started);
    const uint64_t pidNumber = p.self().pidNumber();
    Bytes frame;
    if (c.push) {
        Bytes out = encoded(vm::outcomeOf(p, how), rt_, node_.nameAtom());
        Bytes reason;
        if (c.monitor) reason = encoded(vm::exitReasonOf(p, how), rt_, node_.nameAtom());
        flatbuffers::FlatBufferBuilder fbb(out.size() + reason.size() + 160);
        auto costs = wire::CreateSpawnCosts(fbb, k.objectsReceived, k.bytesReceived, k.decodeUs,
                                            k.loadUs, k.fetchRoundTrips, k.objectsFetched,
                                            k.bytesFetched, k.fetchUs, k.runUs);
        auto body = wire::CreateResultReply(fbb, 0, fbb.CreateVector(out), pidNumber,
                                            c.monitor ? fbb.CreateVector(reason) : 0, costs);
        finishEnvelope(fbb, wire::Body_ResultReply, body.Union());
        frame.assign(fbb.GetBufferPointer(), fbb.GetBufferPointer() + fbb.GetSize());
    }
    {
        std::lock_guard lock(mutex_);
        children_.erase(pidNumber);
        dropWaiterLocked(p.self());
        if (!frame.empty() && !c.replied) {
            c.stash = std::move(frame); // handleSpawn sends it after the SpawnReply
            return;
        }
    }
    if (!frame.empty()) node_.sendEnvelope(c.peer, frame);
}

void Shipping::rememberServed(const std::shared_ptr<const loader::HashSet>& set) {
    // Caller holds mutex_.
    for (const loader::FunctionHash& f : set->functions)
        served_.try_emplace(f.hash, Served{set, f.function});
}

void Shipping::encodeForPush(const loader::CodeHash& h, uint32_t depth, HashSetOfHashes& skip,
                             std::vector<loader::EncodedObject>& out) {
    // Caller holds mutex_.
    if (skip.count(h)) return;
    auto it = served_.find(h);
    if (it == served_.end()) {
        // Code this node received rather than wrote: the object as it arrived.
        auto stored = store_->get(h);
        if (!stored) return;
        for (auto& member : stored->members)
            skip.insert(member);
        out.push_back(*stored);
        if (const vm::FunctionCode* fn = rt_.hashSpace().find(h)) {
            LoadedRefs refs = refsOfLoaded(*fn);
            for (const auto& l : refs.lambdas)
                encodeForPush(l, depth, skip, out);
            if (depth == 0) return;
            for (const auto& c : refs.calls)
                encodeForPush(c, depth - 1, skip, out);
        }
        return;
    }
    loader::EncodedObject obj;
    if (!loader::encodeObject(*it->second.set, rt_.atoms(), it->second.function, obj)) return;
    for (auto& member : obj.members)
        skip.insert(member);
    const loader::FunctionHash* fh = it->second.set->find(it->second.function);
    out.push_back(std::move(obj));
    if (!fh) return;
    for (const loader::CodeRef& r : fh->lambdas)
        if (r.kind == loader::CodeRef::Kind::Hash) encodeForPush(r.hash, depth, skip, out);
    if (depth == 0) return;
    for (const loader::CodeRef& r : fh->calls)
        if (r.kind == loader::CodeRef::Kind::Hash) encodeForPush(r.hash, depth - 1, skip, out);
}

bool Shipping::handleCodeWant(Term peer, const wire::CodeWant& m, std::string* why) {
    if (!m.wanted()) {
        *why = "CodeWant without hashes";
        return false;
    }
    std::vector<loader::EncodedObject> objects;
    std::vector<loader::CodeHash> missing;
    uint32_t depth = policy_.current()->prefetchDepth();
    {
        std::lock_guard lock(mutex_);
        auto& holds = peerHolds_[peer.raw()];
        for (const wire::CodeHash* w : *m.wanted()) {
            bool ok = false;
            loader::CodeHash h = hashOf(w->hash(), &ok);
            if (!ok) {
                *why = "CodeWant with a malformed hash";
                return false;
            }
            HashSetOfHashes skip = holds;
            skip.erase(h);
            size_t before = objects.size();
            encodeForPush(h, depth, skip, objects);
            if (objects.size() == before) missing.push_back(h);
        }
        auto& counters = peerCounters(peer);
        ++counters.fetchesServed;
        ++totals_.fetchesServed;
        for (auto& o : objects) {
            for (auto& member : o.members)
                holds.insert(member);
            ++counters.objectsShipped;
            ++totals_.objectsShipped;
            counters.bytesShipped += o.bytes.size();
            totals_.bytesShipped += o.bytes.size();
        }
    }
    flatbuffers::FlatBufferBuilder fbb;
    std::vector<flatbuffers::Offset<wire::CodeObject>> objs;
    for (auto& o : objects)
        objs.push_back(wire::CreateCodeObject(fbb, fbb.CreateVector(o.hash.data(), o.hash.size()),
                                              fbb.CreateVector(o.bytes)));
    std::vector<flatbuffers::Offset<wire::CodeHash>> miss;
    for (auto& h : missing)
        miss.push_back(wire::CreateCodeHash(fbb, fbb.CreateVector(h.data(), h.size())));
    auto body =
        wire::CreateCodePush(fbb, m.request(), fbb.CreateVector(objs), fbb.CreateVector(miss));
    finishEnvelope(fbb, wire::Body_CodePush, body.Union());
    node_.sendEnvelope(peer, std::span(fbb.GetBufferPointer(), fbb.GetSize()));
    return true;
}

bool Shipping::askNext(const loader::CodeHash& h, Fetch& f) {
    if (stopped_.load(std::memory_order_relaxed)) return false; // node teardown: no source
    // Caller holds mutex_. The origin was put first in `tried` candidates by the
    // caller; then any connected peer not asked yet.
    std::vector<Term> candidates;
    if (!f.asking.isNonValue() && f.tried.empty()) candidates.push_back(f.asking);
    for (Term p : node_.peerAtoms())
        candidates.push_back(p);
    for (Term c : candidates) {
        if (std::find(f.tried.begin(), f.tried.end(), c) != f.tried.end()) continue;
        f.tried.push_back(c);
        uint64_t request = nextRequest_++;
        flatbuffers::FlatBufferBuilder fbb;
        std::vector<flatbuffers::Offset<wire::CodeHash>> want{
            wire::CreateCodeHash(fbb, fbb.CreateVector(h.data(), h.size()))};
        auto body = wire::CreateCodeWant(fbb, request, fbb.CreateVector(want));
        finishEnvelope(fbb, wire::Body_CodeWant, body.Union());
        watch(c);
        if (!node_.sendEnvelope(c, std::span(fbb.GetBufferPointer(), fbb.GetSize()))) continue;
        f.asking = c;
        wantRequests_[request] = {h, c.raw()};
        ++totals_.fetchRoundTrips;
        ++peerCounters(c).fetchRoundTrips;
        for (Term w : f.waiters)
            if (auto it = children_.find(w.pidNumber()); it != children_.end())
                ++it->second->costs.fetchRoundTrips;
        return true;
    }
    return false;
}

void Shipping::watch(Term peer) {
    // Caller holds mutex_. The monitor is set here, before the caller sends anything
    // to `peer`, so the connection that carries the request is the one watched (a
    // connection already gone answers {nodedown, Node} at once).
    if (!watched_.insert(peer.raw()).second) return;
    vm::Heap heap;
    Term args = vm::makeList(heap, {peer});
    vm::SpawnOptions opts;
    auto w = vm::spawnProcess(rt_, nullptr, rt_.atoms().intern("erlang").value(),
                              rt_.atoms().intern("$ship_watch").value(), args, opts);
    node_.monitorNode(w->self(), peer, true);
}

void Shipping::peerDown(Term peer) {
    std::vector<Term> wake;
    std::vector<std::pair<Term, uint64_t>> replies;
    Outbox signals;
    {
        std::lock_guard lock(mutex_);
        watched_.erase(peer.raw());
        peerHolds_.erase(peer.raw());
        std::vector<loader::CodeHash> done;
        for (auto& [h, f] : fetches_) {
            if (f.asking != peer) continue;
            if (!askNext(h, f)) {
                if (!stopped_.load(std::memory_order_relaxed))
                    log("code " + loader::toHex(h) + " is unavailable: " + rt_.atoms().name(peer) +
                        " went away and no other peer has it");
                unavailable_.insert(h);
                done.push_back(h);
            }
        }
        endFetchesLocked(done, wake);
        for (auto it = wantRequests_.begin(); it != wantRequests_.end();)
            it = it->second.second == peer.raw() ? wantRequests_.erase(it) : std::next(it);
        // Requests waiting for that peer end with noconnection...
        for (auto it = pending_.begin(); it != pending_.end();) {
            if (it->second.peer != peer) {
                ++it;
                continue;
            }
            replies.emplace_back(it->second.pid, it->first);
            it = pending_.erase(it);
        }
        // ... and so do the processes this node spawned there (kept as results).
        Bytes outcome, reason;
        {
            vm::Heap heap;
            Term noconn = rt_.atoms().intern("noconnection").value();
            outcome =
                encoded(vm::makeTuple(heap, {vm::atoms::kError, noconn}), rt_, node_.nameAtom());
            reason = encoded(noconn, rt_, node_.nameAtom());
        }
        for (auto& [key, r] : remotes_)
            if (r.peer == peer && !r.done) finishRemoteLocked(key, r, outcome, reason, signals);
    }
    sendAll(signals);
    for (auto& [to, request] : replies)
        sendReply(to, request, [&](vm::Heap& heap) {
            return vm::makeTuple(heap,
                                 {vm::atoms::kError, rt_.atoms().intern("noconnection").value()});
        });
    wakeAll(wake);
}

void Shipping::endFetchesLocked(const std::vector<loader::CodeHash>& done,
                                std::vector<Term>& wake) {
    auto now = ShipClock::now();
    for (const auto& h : done) {
        auto it = fetches_.find(h);
        Fetch& f = it->second;
        for (size_t i = 0; i < f.waiters.size(); ++i)
            if (auto c = children_.find(f.waiters[i].pidNumber()); c != children_.end())
                c->second->costs.fetchUs += microsSince(f.since[i], now);
        wake.insert(wake.end(), f.waiters.begin(), f.waiters.end());
        fetches_.erase(it);
    }
}

void Shipping::wakeAll(const std::vector<Term>& pids) {
    for (Term pid : pids) {
        // A no-op signal: the parked process runs its call again.
        vm::Signal s;
        s.kind = vm::SignalKind::Demonitor;
        s.from = pid;
        s.payload = vm::atoms::kNormal;
        s.ref = 0;
        vm::sendSignal(rt_, pid, std::move(s), nullptr);
    }
}

void Shipping::dropWaiterLocked(Term pid) {
    for (auto it = fetches_.begin(); it != fetches_.end();) {
        Fetch& f = it->second;
        for (size_t i = 0; i < f.waiters.size();)
            if (f.waiters[i] == pid) {
                f.waiters.erase(f.waiters.begin() + ptrdiff_t(i));
                f.since.erase(f.since.begin() + ptrdiff_t(i));
            } else {
                ++i;
            }
        it = f.waiters.empty() ? dropFetchLocked(it) : std::next(it);
    }
}

Shipping::FetchMap::iterator Shipping::dropFetchLocked(FetchMap::iterator it) {
    // Nobody waits any more: the answer, if it comes, is loaded and wakes no one.
    for (auto w = wantRequests_.begin(); w != wantRequests_.end();)
        w = w->second.first == it->first ? wantRequests_.erase(w) : std::next(w);
    return fetches_.erase(it);
}

bool Shipping::alive(Term pid) const {
    return rt_.processes().find(pid) != nullptr;
}

void Shipping::sweepLocked() {
    size_t size = pending_.size() + fetches_.size() + remotes_.size();
    if (size < sweepAt_) return;
    // Entries of processes that ended while waiting (killed, or gave up).
    for (auto it = pending_.begin(); it != pending_.end();)
        it = alive(it->second.pid) ? std::next(it) : pending_.erase(it);
    for (auto& [key, r] : remotes_)
        r.waiters.erase(std::remove_if(r.waiters.begin(), r.waiters.end(),
                                       [&](const Waiter& w) { return !alive(w.pid); }),
                        r.waiters.end());
    std::vector<Term> gone;
    for (auto& [h, f] : fetches_)
        for (Term w : f.waiters)
            if (!alive(w)) gone.push_back(w);
    for (Term w : gone)
        dropWaiterLocked(w);
    evictRemotesLocked(ShipClock::now());
    size = pending_.size() + fetches_.size() + remotes_.size();
    sweepAt_ = std::max<size_t>(64, 2 * size);
}

bool Shipping::handleCodePush(Term peer, const wire::CodePush& m, std::string* why) {
    std::vector<std::unique_ptr<loader::DecodedObject>> objects;
    std::vector<loader::EncodedObject> kept;
    size_t bytes = 0;
    if (!decodeAll(peer, m.objects(), objects, kept, &bytes, why)) return false;
    size_t count = objects.size();
    {
        std::lock_guard lock(mutex_);
        auto& holds = peerHolds_[peer.raw()];
        for (auto& o : objects)
            for (auto& member : o->members)
                holds.insert(member.hash);
        auto& c = peerCounters(peer);
        c.objectsFetched += count;
        c.bytesFetched += bytes;
        totals_.objectsFetched += count;
        totals_.bytesFetched += bytes;
    }
    std::string error;
    if (!loadAndKeep(std::move(objects), std::move(kept), &error))
        log("code from " + rt_.atoms().name(peer) + " failed to load: " + error);
    std::vector<Term> wake;
    {
        std::lock_guard lock(mutex_);
        auto want = wantRequests_.find(m.request());
        if (want != wantRequests_.end()) {
            // What this answer brought, for the processes that waited for it.
            if (auto f = fetches_.find(want->second.first); f != fetches_.end())
                for (Term w : f->second.waiters)
                    if (auto c = children_.find(w.pidNumber()); c != children_.end()) {
                        c->second->costs.objectsFetched += uint32_t(count);
                        c->second->costs.bytesFetched += bytes;
                    }
            wantRequests_.erase(want);
        }
        std::vector<loader::CodeHash> done;
        for (auto& [h, f] : fetches_) {
            if (rt_.hashSpace().contains(h)) {
                done.push_back(h);
                continue;
            }
            if (f.asking != peer) continue;
            // The source lacked it (or sent something else): the next one.
            if (!askNext(h, f)) {
                log("code " + loader::toHex(h) + " is unavailable from every peer");
                unavailable_.insert(h);
                done.push_back(h);
            }
        }
        endFetchesLocked(done, wake);
    }
    wakeAll(wake);
    return true;
}

vm::Runtime::MissingCode Shipping::raiseUnavailable(vm::Process& p, const loader::CodeHash& h) {
    vm::Heap& heap = p.heap();
    p.codeUnavailable = true;
    p.error(vm::makeTuple(heap, {rt_.atoms().intern("code_unavailable").value(),
                                 vm::makeBinary(heap, h.data(), h.size())}));
    return vm::Runtime::MissingCode::Raised;
}

vm::Runtime::MissingCode Shipping::missingCodeThrough(ShippingGate& gate, vm::Process& p,
                                                      const vm::CallTarget& target) {
    if (ShippingRef s = gate.enter()) return s->missingCode(p, target);
    // The node is gone or going: nothing can fetch the code any more. The runtime
    // raises code_unavailable for a target still empty (flagged, as raiseUnavailable
    // does); one filled meanwhile is simply called.
    p.codeUnavailable = true;
    return vm::Runtime::MissingCode::Loaded;
}

void Shipping::stop() {
    gate_->close();
    // No process is inside any more, and none gets in: answer those that wait, as
    // if every peer they wait on went away. askNext finds no source from now on.
    std::vector<Term> peers;
    {
        std::lock_guard lock(mutex_);
        stopped_.store(true, std::memory_order_release);
        auto add = [&](Term peer) {
            if (peer.isAtom() && std::find(peers.begin(), peers.end(), peer) == peers.end())
                peers.push_back(peer);
        };
        for (const auto& [h, f] : fetches_)
            add(f.asking);
        for (const auto& [request, pend] : pending_)
            add(pend.peer);
        for (const auto& [key, r] : remotes_)
            if (!r.done) add(r.peer);
    }
    for (Term peer : peers)
        peerDown(peer);
}

vm::Runtime::MissingCode Shipping::missingCode(vm::Process& p, const vm::CallTarget& target) {
    using MC = vm::Runtime::MissingCode;
    if (!target.pinnedHash) return MC::Loaded;
    loader::CodeHash h = *target.pinnedHash;
    if (rt_.hashSpace().contains(h)) return MC::Loaded;
    // Held here (received, or this node's own code it shipped): no fetch.
    if (bool own = false; loadLocal(h, &own)) {
        std::lock_guard lock(mutex_);
        ++(own ? totals_.ownCodeLoads : totals_.storeLoads);
        return MC::Loaded;
    }
    std::lock_guard lock(mutex_);
    if (unavailable_.count(h)) {
        log("process " + std::to_string(p.self().pidNumber()) + " needs code " + loader::toHex(h) +
            " that no peer has");
        return raiseUnavailable(p, h);
    }
    sweepLocked();
    auto [it, fresh] = fetches_.try_emplace(h);
    Fetch& f = it->second;
    f.waiters.push_back(p.self());
    f.since.push_back(ShipClock::now());
    if (fresh) {
        auto o = children_.find(p.self().pidNumber());
        f.asking = o == children_.end() ? Term::nonValue() : o->second->peer;
        if (!askNext(h, f)) {
            fetches_.erase(it);
            unavailable_.insert(h);
            log("code " + loader::toHex(h) + " is unavailable: no peer to ask");
            return raiseUnavailable(p, h);
        }
    }
    return MC::Suspend;
}

// ---- results pushed by the nodes this node spawned processes on ----

bool Shipping::handlePush(Term peer, const wire::ResultReply& m, std::string* why) {
    uint64_t pidNumber = m.pid();
    if (pidNumber >> 58) {
        *why = "ResultReply for an impossible pid number";
        return false;
    }
    if (!m.outcome() || m.outcome()->size() == 0) {
        *why = "ResultReply without an outcome";
        return false;
    }
    Term pid = rt_.distribution().remotePid(peer, uint32_t(pidNumber), uint32_t(pidNumber >> 32));
    Outbox signals;
    std::unique_lock lock(mutex_);
    auto it = remotes_.find(pid.raw());
    if (it == remotes_.end() || it->second.done) return true; // not ours, or noconnection'd
    Remote& r = it->second;
    if (const wire::SpawnCosts* k = m.costs()) {
        r.costsKnown = true;
        r.costs = ServeCosts{k->objects_received(), k->fetch_round_trips(), k->objects_fetched(),
                             k->bytes_received(),   k->decode_us(),         k->load_us(),
                             k->bytes_fetched(),    k->fetch_us(),          k->run_us()};
    }
    Bytes outcome(m.outcome()->begin(), m.outcome()->end());
    Bytes reason;
    if (m.reason()) reason.assign(m.reason()->begin(), m.reason()->end());
    finishRemoteLocked(pid.raw(), r, std::move(outcome), reason, signals);
    evictRemotesLocked(r.ended);
    lock.unlock();
    sendAll(signals); // not under the lock: waking processes takes a while
    return true;
}

void Shipping::sendAll(Outbox& signals) {
    for (auto& [to, s] : signals)
        vm::sendSignal(rt_, to, std::move(s), nullptr);
    signals.clear();
}

Term Shipping::decodeBytes(vm::Heap& heap, std::span<const uint8_t> bytes) {
    // A fun made by code that arrived by hash carries its index in that code's own
    // lambda table, not the module's: found by its uniq (a hash of its module and
    // name, kept by code objects) among the module's lambdas.
    vm::FunResolver funs = [this](Term module, uint32_t index, uint32_t uniq) {
        const vm::ModuleCode* m = rt_.findModule(module);
        if (!m) return static_cast<const vm::FunEntry*>(nullptr);
        if (index < m->lambdas.size() && m->lambdas[index] && m->lambdas[index]->uniq == uniq)
            return static_cast<const vm::FunEntry*>(m->lambdas[index].get());
        for (const auto& e : m->lambdas)
            if (e && e->uniq == uniq) return static_cast<const vm::FunEntry*>(e.get());
        return static_cast<const vm::FunEntry*>(nullptr);
    };
    if (bytes.empty()) return Term::nonValue();
    return vm::binaryToTerm(heap, bytes.data(), bytes.size(), rt_.atoms(), nullptr,
                            node_.nameAtom(), &funs);
}

void Shipping::finishRemoteLocked(uint64_t key, Remote& r, Bytes outcome, const Bytes& reason,
                                  Outbox& out) {
    r.done = true;
    r.outcome = std::move(outcome);
    r.ended = ShipClock::now();
    doneOrder_.push_back(key);
    Term pid = Term::fromRaw(key);
    auto message = [&](Term tag, uint64_t ref, const Bytes& bytes, vm::SignalKind kind) {
        vm::Signal s;
        s.kind = kind;
        s.from = pid;
        s.ref = kind == vm::SignalKind::Down ? ref : 0;
        s.fragment = std::make_unique<vm::Heap>(bytes.size() / 2 + 16, vm::Heap::Exact{});
        vm::Heap& heap = *s.fragment;
        Term t = decodeBytes(heap, bytes);
        if (t.isNonValue())
            t = vm::makeTuple(heap,
                              {vm::atoms::kError, rt_.atoms().intern("malformed_result").value()});
        s.payload = kind == vm::SignalKind::Down
                        ? t
                        : vm::makeTuple(heap, {tag, vm::makeRefTerm(heap, ref), t});
        return s;
    };
    Term tag = pfunResultAtom_;
    for (const Waiter& w : r.waiters)
        out.emplace_back(w.pid, message(tag, w.ref, r.outcome, vm::SignalKind::Message));
    r.waiters.clear();
    if (r.monitorRef != 0) {
        vm::Signal down = reason.empty() ? vm::makeSignal(vm::SignalKind::Down, pid,
                                                          vm::atoms::kNormal, r.monitorRef)
                                         : message(tag, r.monitorRef, reason, vm::SignalKind::Down);
        out.emplace_back(r.spawner, std::move(down));
        r.monitorRef = 0;
    }
}

void Shipping::evictRemotesLocked(ShipClock::time_point now) {
    vm::ResultLimits limits = rt_.processes().resultLimits();
    while (!doneOrder_.empty()) {
        auto it = remotes_.find(doneOrder_.front());
        if (it == remotes_.end() || !it->second.done) {
            doneOrder_.pop_front();
            continue;
        }
        if (doneOrder_.size() <= limits.maxEntries && now - it->second.ended <= limits.maxAge)
            break;
        remotes_.erase(it);
        doneOrder_.pop_front();
    }
}

} // namespace pfun::net
