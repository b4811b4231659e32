// The shipping policy: which code a node sends with a remote spawn (eager), which it
// leaves for the peer to fetch on first call (lazy), and which it never sends (deny).
//
// A policy is read from a TOML file (docs/policy.md is the user's reference):
//
//     [loading]
//     mode = "lazy"              # default for every code object: "eager" or "lazy"
//     prefetch_depth = 1         # lazy: also send callees this many calls deep
//     max_closure_bytes = 16777216
//
//     [[rule]]                   # ordered; the first rule that matches decides
//     match = "cpx_math:*"       # a Module:Function/Arity glob, or "hash:<hex prefix>"
//     mode = "eager"
//
//     [[rule]]
//     match = "secrets:*"
//     deny = true
//
//     [accept]                   # what this node runs for its peers
//     peers = ["a@127.0.0.1:*"]  # node-name globs that may spawn here
//     roots = ["cpx_math:*"]     # roots they may spawn (globs or "hash:<prefix>")
//     max_heap_words = 10000000  # limits of every process spawned from elsewhere
//     max_mailbox = 100000
//     max_reductions = 1000000000
//     max_processes = 1000       # processes peers spawned here, alive at once
//
// Every code object of a closure is classified on its own: its Module:Function/Arity
// (debug names of the object) and its hash are matched against the rules in order;
// the first match gives its mode (or deny), and no match gives [loading].mode. The
// root of a spawn always travels with the spawn.
//
// Invariants: a Policy is immutable once parsed (a reload builds a new one and
// swaps it in whole, PolicyHolder), so a spawn decides with one consistent policy;
// parsing never throws and never accepts a file it does not fully understand: an
// unknown key, a wrong type or an out-of-range value is an error with its line and
// column, as a TOML syntax error is.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pfun::loader {

enum class ShipMode : uint8_t { Eager, Lazy };

std::string_view shipModeName(ShipMode m);

struct PolicyRule {
    std::string match;   // as written
    bool byHash = false; // "hash:<prefix>": `pattern` is the lowercase hex prefix
    std::string pattern; // the glob (or hash prefix) that is matched
    std::optional<ShipMode> mode;
    bool deny = false;
    std::optional<uint32_t> prefetchDepth; // overrides [loading] for roots it matches
    uint32_t line = 0, column = 0;         // where the rule starts in the file
};

// What the policy says about one code object.
struct PolicyDecision {
    ShipMode mode = ShipMode::Lazy;
    bool deny = false;
    uint32_t prefetchDepth = 0;
    int rule = -1; // index of the deciding rule, -1 for [loading]'s defaults
};

// What a node accepts from its peers ([accept]). A missing key accepts everything;
// an empty list accepts nothing. The limits (0: none) are set on every process a
// peer spawns here before it runs: exceeding one ends it with {limit, heap},
// {limit, mailbox} or {limit, reductions}.
struct AcceptPolicy {
    std::optional<std::vector<std::string>> peers; // node-name globs
    std::optional<std::vector<PolicyRule>> roots;  // match/byHash/pattern only
    uint64_t maxHeapWords = 0;
    uint64_t maxMailbox = 0;
    uint64_t maxReductions = 0;
    // How many processes spawned here by peers may be alive at once (0: no limit);
    // a spawn past it is refused.
    uint64_t maxProcesses = 0;
};

class Policy {
  public:
    // The built-in policy of a node started without a file: everything lazy,
    // prefetch depth 1, closures up to 16 MiB.
    Policy() = default;

    ShipMode defaultMode() const { return defaultMode_; }
    uint32_t prefetchDepth() const { return prefetchDepth_; }
    uint64_t maxClosureBytes() const { return maxClosureBytes_; }
    const std::vector<PolicyRule>& rules() const { return rules_; }
    const std::string& fileName() const { return fileName_; }
    const AcceptPolicy& accept() const { return accept_; }

    // Whether node `node` may spawn here, and whether a spawn whose root is
    // module:function/arity with hash `hexHash` is run. On refusal *why says which
    // [accept] key refused it, with its line.
    bool acceptsPeer(std::string_view node, std::string* why = nullptr) const;
    bool acceptsRoot(std::string_view module, std::string_view function, uint32_t arity,
                     std::string_view hexHash, std::string* why = nullptr) const;
    // Whether one more process may be spawned here by a peer while `running` are.
    bool acceptsAnotherProcess(uint64_t running, std::string* why = nullptr) const;
    // One line on [accept] for `pfun policy check` (empty when the file has none).
    std::string acceptSummary() const;

    // The decision for a code object named module:function/arity whose hash, in
    // lowercase hex, is `hexHash` (empty when unknown: hash rules then never match).
    PolicyDecision decide(std::string_view module, std::string_view function, uint32_t arity,
                          std::string_view hexHash = {}) const;

    // A human explanation of decide(): which rule (with its line) or the defaults.
    // An empty `module` explains a code object known only by its hash.
    std::string explain(std::string_view module, std::string_view function, uint32_t arity,
                        std::string_view hexHash = {}) const;

    // Parses a policy file's text. On error returns nullopt and sets *error to
    // "FILE:LINE:COL: message", then the offending line and a caret under the column.
    static std::optional<Policy> parse(std::string_view text, std::string_view fileName,
                                       std::string* error);
    // Reads and parses a file; a missing or unreadable file is an error too.
    static std::optional<Policy> load(const std::string& path, std::string* error);

  private:
    ShipMode defaultMode_ = ShipMode::Lazy;
    uint32_t prefetchDepth_ = 1;
    uint64_t maxClosureBytes_ = uint64_t(16) << 20;
    std::vector<PolicyRule> rules_;
    std::string fileName_;
    AcceptPolicy accept_;
    bool hasAccept_ = false;
    uint32_t peersLine_ = 0, rootsLine_ = 0, maxProcessesLine_ = 0;
    // "FILE:LINE" of a key, for a refusal's message.
    std::string keyAt(uint32_t line) const;
};

// Matches `text` against a glob where `*` is any run of characters (':' and '/'
// included) and `?` any one character.
bool globMatch(std::string_view pattern, std::string_view text);

// The policy a running node uses, replaceable while spawns read it: reload() keeps
// the old policy when the new file is malformed.
class PolicyHolder {
  public:
    explicit PolicyHolder(Policy initial = Policy{})
        : current_(std::make_shared<const Policy>(std::move(initial))) {}
    std::shared_ptr<const Policy> current() const {
        std::lock_guard lock(mutex_);
        return current_;
    }
    void set(Policy p) {
        auto next = std::make_shared<const Policy>(std::move(p));
        std::lock_guard lock(mutex_);
        current_ = std::move(next);
    }
    // Re-reads `path`; on error leaves the current policy and returns false.
    bool reload(const std::string& path, std::string* error);

  private:
    mutable std::mutex mutex_;
    std::shared_ptr<const Policy> current_;
};

} // namespace pfun::loader
