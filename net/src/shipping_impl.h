// The Shipping component's state (shipping.h): shared by the frame handler
// (shipping.cpp, I/O thread), the missing-code handler and the BIFs
// (shipping_bifs.cpp, scheduler threads).
#pragma once

#include "pfun/loader/closure_cache.h"
#include "pfun/loader/code_object.h"
#include "pfun/loader/code_store.h"
#include "pfun/loader/module_hashes.h"
#include "pfun/net/node.h"
#include "pfun/net/shipping.h"
#include "pfun/vm/interpreter.h"
#include "pfun/vm/runtime.h"

#include "wire.h"

#include <atomic>
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace pfun::net {

struct HashKeyHash {
    size_t operator()(const loader::CodeHash& h) const {
        uint64_t v = 0;
        for (int i = 0; i < 8; ++i)
            v = (v << 8) | h[size_t(i)];
        return size_t(v);
    }
};
using HashSetOfHashes = std::unordered_set<loader::CodeHash, HashKeyHash>;

// What a function loaded by hash refers to: callees by hash, and the bodies of the
// lambdas it creates.
struct LoadedRefs {
    std::vector<loader::CodeHash> calls, lambdas;
};
LoadedRefs refsOfLoaded(const vm::FunctionCode& fn);

using ShipClock = std::chrono::steady_clock;

inline uint64_t microsSince(ShipClock::time_point t0, ShipClock::time_point t1 = ShipClock::now()) {
    return t1 < t0
               ? 0
               : uint64_t(std::chrono::duration_cast<std::chrono::microseconds>(t1 - t0).count());
}

// What serving one spawn cost the node that ran it (wire::SpawnCosts).
struct ServeCosts {
    uint32_t objectsReceived = 0, fetchRoundTrips = 0, objectsFetched = 0;
    uint64_t bytesReceived = 0, decodeUs = 0, loadUs = 0, bytesFetched = 0, fetchUs = 0, runUs = 0;
};

// What one Spawn frame carries and left out.
struct SpawnShipped {
    uint64_t objects = 0, bytes = 0, hits = 0;
};

// The door every use of a Shipping from a process goes through (shipping.h,
// Lifetime): BIFs (through shippingOf), the missing-code handler and the exit hooks
// of served processes. One atomic word holds the uses in progress and a closed bit,
// so entering costs one atomic add. close() sets the bit and waits until no use is
// left; after it enter() always fails. The hooks and the handler keep the gate alive
// (shared_ptr), so it outlives the Shipping it guards, which it never touches again
// once closed.
class ShippingGate {
  public:
    explicit ShippingGate(Shipping& s) : shipping_(s) {}
    ShippingGate(const ShippingGate&) = delete;
    ShippingGate& operator=(const ShippingGate&) = delete;

    ShippingRef enter() {
        if (state_.fetch_add(1, std::memory_order_acq_rel) & kClosed) {
            leave();
            return {};
        }
        return ShippingRef(this, &shipping_);
    }
    void leave() {
        if (state_.fetch_sub(1, std::memory_order_acq_rel) - 1 == kClosed) state_.notify_all();
    }
    // Refuses new uses, then waits for those in progress (never from inside one).
    void close() {
        uint32_t v = state_.fetch_or(kClosed, std::memory_order_acq_rel) | kClosed;
        while (v != kClosed) {
            state_.wait(v, std::memory_order_acquire);
            v = state_.load(std::memory_order_acquire);
        }
    }

  private:
    static constexpr uint32_t kClosed = uint32_t(1) << 31;
    std::atomic<uint32_t> state_{0};
    Shipping& shipping_;
};

class Shipping {
  public:
    Shipping(Node& node, ShippingConfig config);
    ~Shipping();
    Shipping(const Shipping&) = delete;
    Shipping& operator=(const Shipping&) = delete;

    // The gate every use from a process passes (ShippingGate).
    const std::shared_ptr<ShippingGate>& gate() const { return gate_; }
    // Node teardown (~Node, before it uninstalls itself): closes the gate (waiting
    // for the uses in progress), then answers every process still waiting here as a
    // lost connection would: requests with noconnection, remote results with
    // {error, noconnection}, code fetches with code_unavailable. Frames that arrive
    // afterwards are ignored. Not from a process.
    void stop();

    // ---- I/O thread ----
    bool onFrame(vm::Term peer, std::span<const uint8_t> frame, std::string* why);

    // ---- scheduler threads (BIFs) ----
    // Sends a Spawn for Fun() (module nonValue) or M:F(Args) to `peer`: the request
    // number the reply message carries, or nonValue after raising in p.
    // `link`: the new process is linked to p (set up on the serving node before it
    // runs); `monitorRef` (0: none): p monitors it with that reference.
    vm::Term spawnRemote(vm::Process& p, vm::Term peer, vm::Term module, vm::Term function,
                         vm::Term args, bool link = false, uint64_t monitorRef = 0);
    // get_result of a remote pid this node spawned: the outcome when it was pushed,
    // a reference the outcome will come with ({'$pfun_result', Ref, Outcome}), or
    // the atom query when this node did not spawn it (ask its node: queryResult).
    vm::Term pushedResult(vm::Process& p, vm::Term pid);
    void cancelWait(vm::Term pid, uint64_t ref);
    // net:explain(Pid): what this node knows of the remote spawn of `pid`.
    vm::Term explain(vm::Process& p, vm::Term pid);
    // Sends a ResultQuery for remote `pid`: the request number, or the atom
    // noconnection when its node cannot be reached.
    vm::Term queryResult(vm::Process& p, vm::Term pid, vm::Term timeout);
    // Answers a ResultQuery (the helper process of '$ship_serve_result').
    void replyResult(vm::Process& p, vm::Term peer, uint64_t request, vm::Term outcome);
    void forget(uint64_t request);
    // The connection to `peer` went down (seen by a watcher process through
    // monitor_node): fetches asking it go to the next source or fail, and what it
    // was known to hold is forgotten (a restarted node holds nothing).
    void peerDown(vm::Term peer);
    // The runtime's missing-code handler (enableShipping), through the gate.
    static vm::Runtime::MissingCode missingCodeThrough(ShippingGate& gate, vm::Process& p,
                                                       const vm::CallTarget& target);
    vm::Runtime::MissingCode missingCode(vm::Process& p, const vm::CallTarget& target);
    // Ends p's call with error:{code_unavailable, Hash} (its outcome says so).
    vm::Runtime::MissingCode raiseUnavailable(vm::Process& p, const loader::CodeHash& h);
    vm::Term stats(vm::Process& p);
    // A process spawned for a peer ended (its exit hook, on its own thread).
    struct Child;
    void childEnded(vm::Process& p, vm::RunStatus how, Child& c);

    loader::PolicyHolder& policy() { return policy_; }
    Node& node() { return node_; }

    // A process this node runs for a peer's Spawn (shared with its exit hook).
    struct Child {
        vm::Term peer;
        uint64_t spawner = 0; // the spawning process's number on the peer
        bool push = false, monitor = false;
        bool replied = false; // SpawnReply sent: a push may go (else it waits in stash)
        Bytes stash;
        ServeCosts costs;
        ShipClock::time_point started;
    };

  private:
    struct Served {
        std::shared_ptr<const loader::HashSet> set;
        const vm::FunctionCode* function = nullptr;
    };
    struct Fetch {
        std::vector<vm::Term> waiters;            // local pids
        std::vector<ShipClock::time_point> since; // when each waiter began waiting
        std::vector<vm::Term> tried;              // peers asked
        vm::Term asking = vm::Term::nonValue();   // the peer asked now
    };

    // A request this node sent and waits for (SpawnReply, ResultReply).
    struct Pending {
        vm::Term pid; // the asking local process
        vm::Term peer;
        bool spawn = false;
        uint64_t monitorRef = 0;
        uint32_t objectsSent = 0, cacheHits = 0;
        uint64_t bytesSent = 0;
        bool warm = false;
        ShipClock::time_point sent;
    };
    // A process this node spawned on a peer: its outcome once pushed.
    struct Waiter {
        vm::Term pid;
        uint64_t ref;
    };
    struct Remote {
        vm::Term peer;
        vm::Term spawner;
        uint64_t monitorRef = 0;
        bool done = false;
        bool costsKnown = false;
        Bytes outcome; // external term format, once done
        std::vector<Waiter> waiters;
        Pending sent;
        ShipClock::time_point replied, ended;
        ServeCosts costs;
    };

    void log(const std::string& line);
    bool handleSpawnReply(vm::Term peer, const wire::SpawnReply& m, std::string* why);
    bool handlePush(vm::Term peer, const wire::ResultReply& m, std::string* why);
    // Marks remote `r` done with `outcome` and tells its waiters and its monitor
    // (mutex_ held; signals are sent after, from `out`).
    using Outbox = std::vector<std::pair<vm::Term, vm::Signal>>;
    void finishRemoteLocked(uint64_t key, Remote& r, Bytes outcome, const Bytes& reason,
                            Outbox& out);
    void sendAll(Outbox& signals);
    void evictRemotesLocked(ShipClock::time_point now);
    // Drops table entries of processes that are gone (mutex_ held), now and then.
    void sweepLocked();
    bool alive(vm::Term pid) const;
    bool handleSpawn(vm::Term peer, const wire::Spawn& m, std::string* why);
    bool handleCodeWant(vm::Term peer, const wire::CodeWant& m, std::string* why);
    bool handleCodePush(vm::Term peer, const wire::CodePush& m, std::string* why);
    void deliverReply(uint64_t request, const std::function<vm::Term(vm::Heap&)>& make);
    void sendReply(vm::Term to, uint64_t request, const std::function<vm::Term(vm::Heap&)>& make);
    // Decodes and verifies wire objects; false (after logging) on a bad one. `kept`
    // receives each object's bytes, for the store once the objects loaded.
    bool decodeAll(vm::Term peer,
                   const flatbuffers::Vector<flatbuffers::Offset<wire::CodeObject>>* objects,
                   std::vector<std::unique_ptr<loader::DecodedObject>>& out,
                   std::vector<loader::EncodedObject>& kept, size_t* bytes, std::string* why);
    // Loads decoded objects into the hash space, then keeps their bytes in the store
    // (to serve peers, and across restarts with a cache directory).
    bool loadAndKeep(std::vector<std::unique_ptr<loader::DecodedObject>> objects,
                     std::vector<loader::EncodedObject> kept, std::string* error);
    // What this node holds without asking a peer, by hash (see "What a node holds"
    // in shipping.h): the object holding `h` from the store (code it received) or,
    // for its own code, encoded again from the module version it was hashed in when
    // it shipped it (served_). nullptr when it has neither. *own: it came from served_.
    std::shared_ptr<const loader::EncodedObject> localObject(const loader::CodeHash& h, bool* own);
    // Loads the object holding `h` into the hash space from what this node holds
    // (localObject), with the lambda bodies it needs that are not loaded; false when
    // any of it is not held here or it fails to load. *own: `h` came from served_.
    bool loadLocal(const loader::CodeHash& h, bool* own = nullptr);
    // The Spawn objects for code that arrived by hash (a process running shipped code
    // spawns on a third node): its closure in the hash space, its objects from the
    // store. nonValue on success; else the reason to raise.
    // The Spawn frame for `request` (registered in pending_): arguments (a pfun's
    // environment), root, objects; sent, or raised in p.
    vm::Term sendSpawn(vm::Process& p, vm::Term peer, uint64_t request, vm::Term module,
                       vm::Term function, vm::Term argList, const loader::CodeHash& root,
                       flatbuffers::FlatBufferBuilder& fbb,
                       std::vector<flatbuffers::Offset<wire::CodeObject>>& objs, bool link,
                       uint64_t monitorRef);
    vm::Term relayClosure(vm::Process& p, vm::Term peer, const vm::FunctionCode& root,
                          flatbuffers::FlatBufferBuilder& fbb,
                          std::vector<flatbuffers::Offset<wire::CodeObject>>& objs,
                          SpawnShipped* shipped);
    // Which of a closure's objects a Spawn to `peer` carries (mutex_ held): all when
    // eager, else those with a member in `selected` or `eagerByRule`; never one the
    // peer holds (a cache hit). What goes is recorded as held by the peer and counted.
    SpawnShipped pickObjectsLocked(vm::Term peer,
                                   std::span<const loader::EncodedObject* const> objects,
                                   bool eager, const HashSetOfHashes& selected,
                                   const HashSetOfHashes& eagerByRule,
                                   flatbuffers::FlatBufferBuilder& fbb,
                                   std::vector<flatbuffers::Offset<wire::CodeObject>>& objs);
    // Remembers how to encode every function of `set` reachable from root.
    void rememberServed(const std::shared_ptr<const loader::HashSet>& set);
    // Encodes the object holding `h` plus callees to `depth`, skipping `skip`.
    void encodeForPush(const loader::CodeHash& h, uint32_t depth, HashSetOfHashes& skip,
                       std::vector<loader::EncodedObject>& out);
    // Asks the next source for a fetch (lock held); false when none is left.
    bool askNext(const loader::CodeHash& h, Fetch& f);
    // Starts a watcher of `peer` unless one runs (lock held).
    void watch(vm::Term peer);
    uint64_t newRequestLocked(vm::Process& p, vm::Term peer, bool spawn);
    // Drops finished fetches (mutex_ held) and collects their waiters to wake.
    using FetchMap = std::unordered_map<loader::CodeHash, Fetch, HashKeyHash>;
    // Removes `pid` from every fetch's waiters (mutex_ held).
    void dropWaiterLocked(vm::Term pid);
    FetchMap::iterator dropFetchLocked(FetchMap::iterator it);
    // A term from the external format, funs resolved as for frames (wire.h).
    vm::Term decodeBytes(vm::Heap& heap, std::span<const uint8_t> bytes);
    void endFetchesLocked(const std::vector<loader::CodeHash>& done, std::vector<vm::Term>& wake);
    void wakeAll(const std::vector<vm::Term>& pids);
    ShipCounters& peerCounters(vm::Term peer) { return perPeer_[peer.raw()]; }

    Node& node_;
    vm::Runtime& rt_;
    const std::shared_ptr<ShippingGate> gate_ = std::make_shared<ShippingGate>(*this);
    std::atomic<bool> stopped_{false}; // stop() ran: no more fetches, frames ignored
    const vm::Term shipReplyAtom_ = rt_.atom("$ship_reply");
    const vm::Term pfunResultAtom_ = rt_.atom("$pfun_result");
    loader::ModuleHashes hashes_;
    loader::PolicyHolder policy_;
    // Every object this node received (and loaded), by member hash: what it serves to
    // peers that ask for code it did not write, and, with a cache directory, what a
    // restarted node finds again instead of fetching.
    std::unique_ptr<loader::CodeStore> store_;
    // The objects of closures this node spawned, by root: a spawn of the same code on
    // another peer (or lazily again) does not encode it again.
    loader::ClosureCache closures_;

    std::mutex mutex_;
    uint64_t nextRequest_ = 1;
    std::unordered_map<uint64_t, Pending> pending_;           // request -> who waits
    std::unordered_map<uint64_t, HashSetOfHashes> peerHolds_; // peer atom raw -> hashes
    // This node's own code by hash, as hashed when it shipped it: each entry keeps its
    // HashSet (and so the module versions hashed; module code is never freed), so a
    // hash resolves to the same code after its module was reloaded.
    std::unordered_map<loader::CodeHash, Served, HashKeyHash> served_;
    std::unordered_map<uint64_t, std::shared_ptr<Child>> children_; // local pid number
    // Processes spawned on peers by this node's processes, by canonical pid word.
    std::unordered_map<uint64_t, Remote> remotes_;
    std::deque<uint64_t> doneOrder_; // keys of done remotes_, oldest first
    size_t sweepAt_ = 64;            // table size that triggers the next sweep
    FetchMap fetches_;
    // CodeWant number -> (hash, asked peer atom raw)
    std::unordered_map<uint64_t, std::pair<loader::CodeHash, uint64_t>> wantRequests_;
    HashSetOfHashes unavailable_;
    // Roots whose closure passed the policy (while that policy is current): a spawn
    // to a peer holding all of it skips hashing the policy and encoding again.
    struct Allowed {
        std::shared_ptr<const loader::Policy> policy;
        std::vector<loader::CodeHash> closure;
        uint64_t objects = 0;
    };
    std::unordered_map<loader::CodeHash, Allowed, HashKeyHash> allowed_;
    std::unordered_set<uint64_t> watched_; // peers a watcher process monitors
    ShipCounters totals_;
    std::unordered_map<uint64_t, ShipCounters> perPeer_;
};

} // namespace pfun::net
