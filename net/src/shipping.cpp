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
    const wire::Envelope* env = wire::GetEnvelope(frame.data());
    switch (env->body_type()) {
    case wire::Body_Spawn: return handleSpawn(peer, *env->body_as_Spawn(), why);
    case wire::Body_SpawnReply: {
        auto* m = env->body_as_SpawnReply();
        uint64_t pidNumber = m->pid();
        if (pidNumber >> 58) {
            *why = "SpawnReply with an impossible pid number";
            return false;
        }
        if (pidNumber != 0) {
            deliverReply(m->request(), [&](vm::Heap& heap) {
                Term pid = rt_.distribution().remotePid(peer, uint32_t(pidNumber),
                                                        uint32_t(pidNumber >> 32));
                return vm::makeTuple(heap, {vm::atoms::kOk, pid});
            });
        } else {
            deliverReply(m->request(), [&](vm::Heap& heap) {
                Term reason = decodeTerm(rt_, heap, m->error(), node_.nameAtom());
                if (reason.isNonValue()) reason = rt_.atoms().intern("remote_spawn_failed").value();
                return vm::makeTuple(heap, {vm::atoms::kError, reason});
            });
        }
        return true;
    }
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
        deliverReply(m->request(), [&](vm::Heap& heap) {
            Term outcome = decodeTerm(rt_, heap, m->outcome(), node_.nameAtom());
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
        to = it->second;
        pending_.erase(it);
    }
    vm::Heap heap;
    Term reply = make(heap);
    Term msg = vm::makeTuple(
        heap, {rt_.atoms().intern("$ship_reply").value(), vm::makeIntegerU(heap, request), reply});
    vm::sendSignal(rt_, to, vm::makeSignal(vm::SignalKind::Message, to, msg), nullptr);
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

bool Shipping::loadFromStore(const loader::CodeHash& h) {
    if (!store_->contains(h)) return false;
    // The object, and the objects of lambda bodies its members create that are not
    // loaded (a fun needs its body when it is made; calls may stay missing).
    std::vector<std::vector<uint8_t>> bytes;
    std::vector<loader::CodeHash> work{h};
    HashSetOfHashes seen;
    while (!work.empty()) {
        loader::CodeHash next = work.back();
        work.pop_back();
        if (!seen.insert(next).second || rt_.hashSpace().contains(next)) continue;
        auto object = store_->get(next);
        if (!object) return false;
        for (const auto& m : object->members)
            seen.insert(m);
        std::string error;
        auto decoded = loader::decodeObject(object->bytes, rt_.atoms(), &error, &next);
        if (!decoded) return false;
        for (const auto& member : decoded->members)
            for (const loader::ObjectRef& r : member.lambdas)
                if (r.kind == loader::ObjectRef::Kind::Hash) work.push_back(r.hash);
        bytes.push_back(object->bytes);
    }
    std::string error;
    if (!bytes.empty() && !loader::loadObjectBytes(rt_, bytes, &error)) {
        log("code " + loader::toHex(h) + " from the code cache failed to load: " + error);
        return false;
    }
    return rt_.hashSpace().contains(h);
}

bool Shipping::handleSpawn(Term peer, const wire::Spawn& m, std::string* why) {
    if (m.from() >> 58) {
        *why = "Spawn from an impossible pid number";
        return false;
    }
    std::vector<std::unique_ptr<loader::DecodedObject>> objects;
    std::vector<loader::EncodedObject> kept;
    size_t bytes = 0;
    if (!decodeAll(peer, m.objects(), objects, kept, &bytes, why)) return false;
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
    vm::Heap heap;
    if (!rootOk) return fail(rt_.atoms().intern("no_root").value());
    std::string error;
    if (!loadAndKeep(std::move(objects), std::move(kept), &error)) {
        log("spawn from " + rt_.atoms().name(peer) + " failed to load: " + error);
        return fail(vm::makeTuple(
            heap, {rt_.atoms().intern("load_failed").value(), vm::makeStringList(heap, error)}));
    }
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
    // Not sent because the sender believed this node holds it: it may be in the store
    // (a restarted node with a cache directory).
    if (!rt_.hashSpace().contains(root)) loadFromStore(root);
    const vm::FunEntry* entry = nullptr;
    if (pfun) {
        entry = rt_.hashSpace().lambdaEntry(root);
    } else {
        const vm::FunctionCode* fn = rt_.hashSpace().find(root);
        if (fn) entry = rt_.portableFunEntry(fn);
    }
    if (!entry) return fail(unavailable());
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
    // The origin is known before the process runs: its first missing call asks there.
    opts.beforeStart = [&](vm::Process& child) {
        std::lock_guard lock(mutex_);
        origin_[child.self().pidNumber()] = peer;
    };
    auto child = vm::spawnProcess(rt_, nullptr, Term::nonValue(), fun, spawnArgs, opts);
    uint64_t pidNumber = child->self().pidNumber();
    flatbuffers::FlatBufferBuilder fbb;
    auto body = wire::CreateSpawnReply(fbb, m.request(), pidNumber);
    finishEnvelope(fbb, wire::Body_SpawnReply, body.Union());
    node_.sendEnvelope(peer, std::span(fbb.GetBufferPointer(), fbb.GetSize()));
    return true;
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
        if (!node_.sendEnvelope(c, std::span(fbb.GetBufferPointer(), fbb.GetSize()))) continue;
        f.asking = c;
        watch(c);
        wantRequests_[request] = h;
        ++totals_.fetchRoundTrips;
        ++peerCounters(c).fetchRoundTrips;
        return true;
    }
    return false;
}

void Shipping::watch(Term peer) {
    if (!watched_.insert(peer.raw()).second) return;
    vm::Heap heap;
    Term args = vm::makeList(heap, {peer});
    vm::SpawnOptions opts;
    vm::spawnProcess(rt_, nullptr, rt_.atoms().intern("erlang").value(),
                     rt_.atoms().intern("$ship_watch").value(), args, opts);
}

void Shipping::peerDown(Term peer) {
    std::vector<Term> wake;
    {
        std::lock_guard lock(mutex_);
        watched_.erase(peer.raw());
        peerHolds_.erase(peer.raw());
        std::vector<loader::CodeHash> done;
        for (auto& [h, f] : fetches_) {
            if (f.asking != peer) continue;
            if (!askNext(h, f)) {
                log("code " + loader::toHex(h) + " is unavailable: " + rt_.atoms().name(peer) +
                    " went away and no other peer has it");
                unavailable_.insert(h);
                done.push_back(h);
            }
        }
        endFetchesLocked(done, wake);
    }
    wakeAll(wake);
}

void Shipping::endFetchesLocked(const std::vector<loader::CodeHash>& done,
                                std::vector<Term>& wake) {
    for (const auto& h : done) {
        auto it = fetches_.find(h);
        wake.insert(wake.end(), it->second.waiters.begin(), it->second.waiters.end());
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
        wantRequests_.erase(m.request());
    }
    wakeAll(wake);
    return true;
}

vm::Runtime::MissingCode Shipping::missingCode(vm::Process& p, const vm::CallTarget& target) {
    using MC = vm::Runtime::MissingCode;
    if (!target.pinnedHash) return MC::Loaded;
    loader::CodeHash h = *target.pinnedHash;
    if (rt_.hashSpace().contains(h)) return MC::Loaded;
    if (loadFromStore(h)) {
        std::lock_guard lock(mutex_);
        ++totals_.storeLoads;
        return MC::Loaded;
    }
    std::lock_guard lock(mutex_);
    if (unavailable_.count(h)) {
        log("process " + std::to_string(p.self().pidNumber()) + " needs code " + loader::toHex(h) +
            " that no peer has");
        vm::Heap& heap = p.heap();
        p.error(vm::makeTuple(heap, {rt_.atoms().intern("code_unavailable").value(),
                                     vm::makeBinary(heap, h.data(), h.size())}));
        return MC::Raised;
    }
    auto [it, fresh] = fetches_.try_emplace(h);
    Fetch& f = it->second;
    f.waiters.push_back(p.self());
    if (fresh) {
        auto o = origin_.find(p.self().pidNumber());
        f.asking = o == origin_.end() ? Term::nonValue() : o->second;
        if (!askNext(h, f)) {
            fetches_.erase(it);
            unavailable_.insert(h);
            log("code " + loader::toHex(h) + " is unavailable: no peer to ask");
            vm::Heap& heap = p.heap();
            p.error(vm::makeTuple(heap, {rt_.atoms().intern("code_unavailable").value(),
                                         vm::makeBinary(heap, h.data(), h.size())}));
            return MC::Raised;
        }
    }
    return MC::Suspend;
}

} // namespace pfun::net
