// Shipping: remote spawn with code shipping, code fetches and get_result across
// nodes (DESIGN.md §5), layered on a net::Node through its frame handler.
//
// Sender side: spawn(Node, PFun) and spawn(Node, M, F, Args) compute the closure of
// the root (loader::ModuleHashes), ask the node's policy about every object (deny:
// the spawn fails naming the object and the rule), and send one Spawn frame that
// carries, eagerly, every object the peer is not known to hold, or, lazily, only the
// root with its lambda bodies and its callees down to prefetch_depth. The caller
// waits in Erlang (receive) for the reply message the I/O thread delivers, so no
// scheduler thread ever blocks; a lost connection reaches it as {nodedown, Node}.
//
// Receiver side: every object is decoded, re-hashed and verified (a bad one is a
// protocol error: logged, that connection closed), loaded into the hash space as
// one transaction (never the module table), then the process starts. A call that
// reaches code the hash space lacks suspends only that process; one CodeWant per
// hash (however many processes wait) goes to the node the process came from, then
// to other peers if that one lacks it or goes away; when no source has it the
// waiting processes fail with {code_unavailable, <<Hash:16/binary>>}.
//
// Per-peer knowledge: the hashes a peer is known to hold (what we sent it, what it
// sent us or asked us for) so a second spawn ships nothing.
//
// What a node holds: a peer that sent code is recorded as holding it, so a spawn back
// to it (or a spawn of a function with the same hash) carries none of it. Every hash a
// node sends must therefore stay resolvable there: code it received is in its code
// store, and its own code, which lives only in its module table, is found through
// what it hashed to ship (served_, the module version of that moment: a module
// reloaded since still resolves its old hashes to the old code). A spawn root or a
// missing call is looked up in the hash space, then in those two, and only then
// fetched; what is found is loaded into the hash space, verified and re-hashed as if
// it came from a peer, so it runs by hash (callees pinned), never by module name.
//
// Threads: frames are handled on the node's I/O thread (which never runs VM code);
// BIFs run on scheduler threads. One mutex guards the shared tables.
//
// Lifetime: the node owns its Shipping, and processes may outlive both. Every use
// from a process (a BIF, the missing-code handler, the exit hook of a process served
// for a peer) holds a ShippingRef for the duration of the call; ~Node first waits
// for those in progress and refuses new ones (they find no shipping, as on a runtime
// that is not a node), then answers every process still waiting on shipping (a
// spawn reply, a pushed result: noconnection; a code fetch: code_unavailable), and
// only then frees it.
#pragma once

#include "pfun/loader/hash.h"
#include "pfun/loader/policy.h"
#include "pfun/vm/term.h"

#include <cstdint>
#include <memory>
#include <string>

namespace pfun::vm {
class Process;
class Runtime;
} // namespace pfun::vm

namespace pfun::net {

class Node;

struct ShippingConfig {
    // Which modules are ambient (never shipped, referenced by name).
    loader::AmbientPredicate isAmbient;
    loader::Policy policy;
    // Where shipped code is kept across restarts (loader::CodeStore); empty: memory
    // only.
    std::string codeCacheDir = {};
};

// What a node shipped and fetched (per node, and per peer in shipStats).
struct ShipCounters {
    uint64_t spawnsSent = 0, spawnsServed = 0;
    uint64_t objectsShipped = 0, bytesShipped = 0; // in Spawn frames and CodePush answers
    uint64_t objectsFetched = 0, bytesFetched = 0; // received by CodePush
    uint64_t fetchRoundTrips = 0;                  // CodeWant frames sent
    uint64_t fetchesServed = 0;                    // CodeWant frames answered
    uint64_t cacheHits = 0; // objects a spawn did not send because the peer held them
    uint64_t resultQueries = 0;
    uint64_t storeLoads = 0; // missing code found in the code store instead of fetched
    // A spawn root or missing call found in this node's own modules, as hashed when it
    // shipped them (code a peer was told this node holds).
    uint64_t ownCodeLoads = 0;
};

class Shipping;
class ShippingGate;

// One use of a node's shipping layer in progress (see Lifetime above): while it is
// held the layer and its node stay alive. Empty when the runtime has no node with
// shipping, or its node is being torn down. Hold it for one call, never across a wait
// for the node's teardown (Node::connect is fine: the teardown wakes it first).
class ShippingRef {
  public:
    ShippingRef() = default;
    ShippingRef(ShippingRef&& other) noexcept;
    ShippingRef& operator=(ShippingRef&& other) noexcept;
    ShippingRef(const ShippingRef&) = delete;
    ShippingRef& operator=(const ShippingRef&) = delete;
    ~ShippingRef();

    explicit operator bool() const { return shipping_ != nullptr; }
    Shipping* get() const { return shipping_; }
    Shipping* operator->() const { return shipping_; }
    Shipping& operator*() const { return *shipping_; }

  private:
    friend class ShippingGate;
    ShippingRef(ShippingGate* gate, Shipping* s) : gate_(gate), shipping_(s) {}
    ShippingGate* gate_ = nullptr;
    Shipping* shipping_ = nullptr;
};

// Attaches shipping to `node` (owned by the node from then on) and installs the
// runtime's missing-code handler. Call once, before code runs.
Shipping& enableShipping(Node& node, ShippingConfig config);

// The shipping layer of the node installed in `rt`, held for use; empty without one.
ShippingRef shippingOf(vm::Runtime& rt);

// Registers the BIFs the Erlang side (erlang.erl) uses and net:ship_stats/0,
// net:set_policy/1. Without shipping enabled they raise or answer empty.
void registerShippingBifs(vm::Runtime& rt);

} // namespace pfun::net
