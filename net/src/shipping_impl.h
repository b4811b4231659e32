// The Shipping component's state (shipping.h): shared by the frame handler
// (shipping.cpp, I/O thread), the missing-code handler and the BIFs
// (shipping_bifs.cpp, scheduler threads).
#pragma once

#include "pfun/loader/code_object.h"
#include "pfun/loader/code_store.h"
#include "pfun/loader/module_hashes.h"
#include "pfun/net/node.h"
#include "pfun/net/shipping.h"
#include "pfun/vm/runtime.h"

#include "wire.h"

#include <map>
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

class Shipping {
  public:
    Shipping(Node& node, ShippingConfig config);
    ~Shipping();
    Shipping(const Shipping&) = delete;
    Shipping& operator=(const Shipping&) = delete;

    // ---- I/O thread ----
    bool onFrame(vm::Term peer, std::span<const uint8_t> frame, std::string* why);

    // ---- scheduler threads (BIFs) ----
    // Sends a Spawn for Fun() (module nonValue) or M:F(Args) to `peer`: the request
    // number the reply message carries, or nonValue after raising in p.
    vm::Term spawnRemote(vm::Process& p, vm::Term peer, vm::Term module, vm::Term function,
                         vm::Term args);
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
    vm::Runtime::MissingCode missingCode(vm::Process& p, const vm::CallTarget& target);
    vm::Term stats(vm::Process& p);

    loader::PolicyHolder& policy() { return policy_; }
    Node& node() { return node_; }

  private:
    struct Served {
        std::shared_ptr<const loader::HashSet> set;
        const vm::FunctionCode* function = nullptr;
    };
    struct Fetch {
        std::vector<vm::Term> waiters;          // local pids
        std::vector<vm::Term> tried;            // peers asked
        vm::Term asking = vm::Term::nonValue(); // the peer asked now
    };

    void log(const std::string& line);
    bool handleSpawn(vm::Term peer, const wire::Spawn& m, std::string* why);
    bool handleCodeWant(vm::Term peer, const wire::CodeWant& m, std::string* why);
    bool handleCodePush(vm::Term peer, const wire::CodePush& m, std::string* why);
    void deliverReply(uint64_t request, const std::function<vm::Term(vm::Heap&)>& make);
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
    // Loads the object holding `h` from the store, with the lambda bodies it needs
    // that are not loaded; false when the store lacks any of it or it fails to load.
    bool loadFromStore(const loader::CodeHash& h);
    // The Spawn objects for code that arrived by hash (a process running shipped code
    // spawns on a third node): its closure in the hash space, its objects from the
    // store. nonValue on success; else the reason to raise.
    // The Spawn frame for `request` (registered in pending_): arguments (a pfun's
    // environment), root, objects; sent, or raised in p.
    vm::Term sendSpawn(vm::Process& p, vm::Term peer, uint64_t request, vm::Term module,
                       vm::Term function, vm::Term argList, const loader::CodeHash& root,
                       flatbuffers::FlatBufferBuilder& fbb,
                       std::vector<flatbuffers::Offset<wire::CodeObject>>& objs);
    vm::Term relayClosure(vm::Process& p, vm::Term peer, const vm::FunctionCode& root,
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
    // Drops finished fetches (mutex_ held) and collects their waiters to wake.
    void endFetchesLocked(const std::vector<loader::CodeHash>& done, std::vector<vm::Term>& wake);
    void wakeAll(const std::vector<vm::Term>& pids);
    ShipCounters& peerCounters(vm::Term peer) { return perPeer_[peer.raw()]; }

    Node& node_;
    vm::Runtime& rt_;
    loader::ModuleHashes hashes_;
    loader::PolicyHolder policy_;
    // Every object this node received (and loaded), by member hash: what it serves to
    // peers that ask for code it did not write, and, with a cache directory, what a
    // restarted node finds again instead of fetching.
    std::unique_ptr<loader::CodeStore> store_;

    std::mutex mutex_;
    uint64_t nextRequest_ = 1;
    std::unordered_map<uint64_t, vm::Term> pending_;          // request -> local pid
    std::unordered_map<uint64_t, HashSetOfHashes> peerHolds_; // peer atom raw -> hashes
    std::unordered_map<loader::CodeHash, Served, HashKeyHash> served_;
    std::unordered_map<uint64_t, vm::Term> origin_; // local pid number -> peer
    std::unordered_map<loader::CodeHash, Fetch, HashKeyHash> fetches_;
    std::unordered_map<uint64_t, loader::CodeHash> wantRequests_; // CodeWant number -> hash
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
