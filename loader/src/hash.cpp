// Content hashing of code objects (see pfun/loader/hash.h and
// docs/internals/hashing.md): the canonical encoding of one function, Tarjan's
// strongly connected components over the call graph, and group hashing.
#include "hash_internal.h"

#include "pfun/vm/compare.h"
#include "pfun/vm/external.h"
#include "pfun/vm/hash_space.h"
#include "pfun/vm/isa.h"
#include "pfun/vm/map.h"

// XXH3 compiled into this file (xxHash is a single-header library): the hash of a
// cold spawn then needs no shared library loaded on first use (which cost each node
// about 70 us on its first hash, more than the hashing itself).
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>
#include <map>
#include <numeric>

namespace pfun::loader {

namespace {

constexpr uint8_t kFunctionTag[4] = {'P', 'F', 'N', 1};
constexpr uint8_t kGroupTag[4] = {'P', 'F', 'G', 1};
constexpr uint8_t kMemberTag[4] = {'P', 'F', 'M', 1};
// Refinement rounds are bounded so that a hostile group costs linear work; real groups
// settle in a few rounds (a member is told apart by callees at most this far away).
constexpr size_t kMaxRefinementRounds = 16;

CodeHash xxh128(const std::vector<uint8_t>& bytes) {
    XXH128_canonical_t c;
    XXH128_canonicalFromHash(&c, XXH3_128bits(bytes.data(), bytes.size()));
    CodeHash h;
    std::copy(std::begin(c.digest), std::end(c.digest), h.begin());
    return h;
}

class Sink {
  public:
    explicit Sink(std::vector<uint8_t>& out) : out_(out) {}
    void byte(uint8_t b) { out_.push_back(b); }
    // Little-endian, whatever the host: the encoding is the hash's definition.
    void u32(uint32_t v) {
        const uint8_t b[4] = {uint8_t(v), uint8_t(v >> 8), uint8_t(v >> 16), uint8_t(v >> 24)};
        out_.insert(out_.end(), b, b + 4);
    }
    // `n` words as u32s, in one growth of the buffer (function bodies are most of
    // what is hashed).
    template <class Word>
    void words(size_t n, Word word) {
        const size_t at = out_.size();
        out_.resize(at + 4 * n);
        uint8_t* p = out_.data() + at;
        for (size_t i = 0; i < n; ++i, p += 4) {
            const uint32_t v = word(i);
            p[0] = uint8_t(v), p[1] = uint8_t(v >> 8), p[2] = uint8_t(v >> 16),
            p[3] = uint8_t(v >> 24);
        }
    }
    void bytes(const uint8_t* p, size_t n) { out_.insert(out_.end(), p, p + n); }
    void blob(const std::vector<uint8_t>& b) {
        u32(uint32_t(b.size()));
        bytes(b.data(), b.size());
    }
    void str(std::string_view s) {
        u32(uint32_t(s.size()));
        bytes(reinterpret_cast<const uint8_t*>(s.data()), s.size());
    }
    void hash(const CodeHash& h) { bytes(h.data(), h.size()); }

  private:
    std::vector<uint8_t>& out_;
};

// A term in canonical form: tuples, lists and maps structurally (map entries in
// map-key order, which sorts atoms by name), everything else as its external term
// format encoding (which names atoms and is unique for numbers and bitstrings).
// Iterative: literals read from a file may nest deeply.
bool canonicalTerm(vm::Term root, const vm::AtomTable& atoms, std::vector<uint8_t>& out) {
    Sink s(out);
    std::vector<vm::Term> stack{root};
    std::vector<uint8_t> leaf;
    std::vector<vm::Term> keys, values;
    while (!stack.empty()) {
        vm::Term t = stack.back();
        stack.pop_back();
        if (t.isTuple()) {
            const uint64_t n = t.tupleArity();
            s.byte('T');
            s.u32(uint32_t(n));
            for (uint64_t i = n; i-- > 0;)
                stack.push_back(t.tupleElements()[i]);
        } else if (t.isList()) {
            std::vector<vm::Term> elems;
            vm::Term c = t;
            for (; c.isList(); c = c.tail())
                elems.push_back(c.head());
            s.byte('L');
            s.u32(uint32_t(elems.size()));
            stack.push_back(c); // the tail ([] for a proper list)
            for (size_t i = elems.size(); i-- > 0;)
                stack.push_back(elems[i]);
        } else if (t.isMap()) {
            keys.clear();
            values.clear();
            vm::mapCollect(t, keys, values);
            std::vector<size_t> order(keys.size());
            std::iota(order.begin(), order.end(), size_t(0));
            std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
                return vm::compareMapKeys(keys[a], keys[b], atoms) < 0;
            });
            s.byte('M');
            s.u32(uint32_t(keys.size()));
            for (size_t i = order.size(); i-- > 0;) {
                stack.push_back(values[order[i]]);
                stack.push_back(keys[order[i]]);
            }
        } else {
            leaf.clear();
            if (!vm::encodeTerm(t, atoms, leaf)) return false;
            s.byte('X');
            s.blob(leaf);
        }
    }
    return true;
}

// One node of the call graph: a function of the given modules.
struct Node {
    const vm::ModuleCode* module;
    const vm::FunctionCode* fn;
    std::vector<detail::Resolved> calls;               // per target
    std::vector<uint32_t> lambdaOrder;                 // module lambda indices, first-use order
    std::vector<std::optional<CodeHash>> lambdaPinned; // per lambdaOrder: a body outside the set
    std::unordered_map<uint32_t, uint32_t> lambdaPos;  // module lambda index -> position
    std::vector<uint32_t> lambdaOperands;              // code positions of L operands
    std::vector<std::vector<uint8_t>> literals;        // canonical
    std::vector<std::vector<std::pair<std::vector<uint8_t>, int32_t>>> tables; // sorted
    std::vector<size_t> edges; // node indices (calls and lambda bodies)
    // Filled as SCCs are hashed.
    bool done = false;
    CodeHash hash{};
    size_t scc = 0;
};

class Hasher {
  public:
    Hasher(const vm::AtomTable& atoms, const detail::Resolver& resolve,
           const detail::LambdaResolver& lambdas)
        : atoms_(atoms), resolve_(resolve), lambdaResolve_(lambdas) {}

    bool run(std::span<const vm::ModuleCode* const> modules, HashSet& out, std::string* error) {
        for (const vm::ModuleCode* m : modules)
            for (const auto& f : m->functions)
                if (!index_.emplace(f.get(), nodes_.size()).second) {
                    return fail(error, "a function is given twice");
                } else {
                    nodes_.emplace_back();
                    nodes_.back().module = m;
                    nodes_.back().fn = f.get();
                }
        for (Node& n : nodes_)
            if (!prepare(n)) return fail(error, error_);
        tarjan();
        for (const auto& scc : sccs_) {
            hashGroup(scc);
            bool cross = false;
            for (size_t m : scc)
                cross = cross || nodes_[m].module != nodes_[scc[0]].module;
            crossModule_.push_back(cross);
        }
        out.functions.clear();
        out.index.clear();
        for (size_t i = 0; i < nodes_.size(); ++i) {
            const Node& n = nodes_[i];
            FunctionHash fh;
            fh.module = n.module;
            fh.function = n.fn;
            fh.hash = n.hash;
            fh.group = groupHash_[n.scc];
            fh.groupSize = uint32_t(sccs_[n.scc].size());
            fh.groupIndex = memberIndex_[i];
            fh.crossModuleGroup = crossModule_[n.scc];
            for (size_t t = 0; t < n.calls.size(); ++t)
                fh.calls.push_back(describe(n, n.calls[t], *n.fn->targets[t]));
            for (size_t k = 0; k < n.lambdaOrder.size(); ++k) {
                const vm::FunEntry& e = *n.module->lambdas[n.lambdaOrder[k]];
                CodeRef r;
                r.kind = CodeRef::Kind::Hash;
                r.module = atoms_.name(n.module->name);
                r.name = e.name;
                r.arity = e.arity;
                if (n.lambdaPinned[k]) {
                    r.hash = *n.lambdaPinned[k];
                } else {
                    r.callee = e.code;
                    r.hash = nodes_[index_.at(e.code)].hash;
                }
                fh.lambdas.push_back(std::move(r));
            }
            out.index.emplace(n.fn, out.functions.size());
            out.functions.push_back(std::move(fh));
        }
        return true;
    }

  private:
    bool fail(std::string* error, std::string reason) {
        if (error) *error = std::move(reason);
        return false;
    }

    std::string label(const Node& n) const {
        std::string s = n.fn->module.isAtom() ? atoms_.name(n.fn->module) : "?";
        s += ":";
        s += n.fn->name.isAtom() ? atoms_.name(n.fn->name) : "?";
        return s + "/" + std::to_string(n.fn->arity);
    }

    CodeRef describe(const Node& n, const detail::Resolved& r, const vm::CallTarget& t) const {
        (void)n;
        CodeRef c;
        c.module = t.module.isAtom() ? atoms_.name(t.module) : "";
        c.name = t.name.isAtom() ? atoms_.name(t.name) : "";
        c.arity = t.arity;
        switch (r.kind) {
        case detail::Resolved::Kind::ByName:
            c.kind = r.ambient ? CodeRef::Kind::Ambient : CodeRef::Kind::ByName;
            break;
        case detail::Resolved::Kind::Internal:
            c.kind = CodeRef::Kind::Hash;
            c.callee = r.callee;
            c.hash = nodes_[index_.at(r.callee)].hash;
            break;
        case detail::Resolved::Kind::Pinned:
            c.kind = CodeRef::Kind::Hash;
            c.hash = r.hash;
            break;
        }
        return c;
    }

    // Decodes what the encoding needs beyond the raw words: resolved targets, the
    // lambdas made (L operands name the module's lambda table, whose order depends on
    // the rest of the module, so they are renumbered in first-use order), canonical
    // literals and jump tables.
    bool prepare(Node& n) {
        const vm::FunctionCode& f = *n.fn;
        // Only an error names the function (building the label for every function
        // showed in profiles of a cold spawn).
        auto where = [&] { return label(n) + ": "; };
        for (size_t t = 0; t < f.targets.size(); ++t) {
            if (!f.targets[t]) return error_ = where() + "missing call target", false;
            detail::Resolved r = resolve_(*n.module, f, t);
            if (r.kind == detail::Resolved::Kind::Internal) {
                auto it = index_.find(r.callee);
                if (it == index_.end()) return error_ = where() + "call target not given", false;
                n.edges.push_back(it->second);
            }
            n.calls.push_back(r);
        }
        for (uint32_t pc = 0; pc < f.code.size();) {
            const uint32_t w = f.code[pc];
            if (size_t(vm::decodeOp(w)) >= size_t(vm::Opcode::Count))
                return error_ = where() + "unknown opcode at " + std::to_string(pc), false;
            const vm::OpcodeInfo& info = vm::opcodeInfo(vm::decodeOp(w));
            if (pc + 1 + info.wordCount > f.code.size())
                return error_ = where() + "truncated instruction at " + std::to_string(pc), false;
            for (uint32_t k = 0; k < info.wordCount; ++k) {
                if (info.words[k] != vm::Operand::L) continue;
                const uint32_t l = f.code[pc + 1 + k];
                if (l >= n.module->lambdas.size() || !n.module->lambdas[l])
                    return error_ = where() + "lambda index out of range", false;
                const vm::FunctionCode* body = n.module->lambdas[l]->code;
                const bool given = body && index_.count(body);
                std::optional<CodeHash> pinned;
                if (!given && lambdaResolve_) pinned = lambdaResolve_(*n.module, l);
                if (!given && !pinned) return error_ = where() + "lambda index out of range", false;
                if (n.lambdaPos.emplace(l, uint32_t(n.lambdaOrder.size())).second) {
                    n.lambdaOrder.push_back(l);
                    n.lambdaPinned.push_back(pinned);
                    if (given) n.edges.push_back(index_.at(body));
                }
                n.lambdaOperands.push_back(pc + 1 + k);
            }
            pc += 1 + info.wordCount;
        }
        for (vm::Term lit : f.literals) {
            n.literals.emplace_back();
            if (!canonicalTerm(lit, atoms_, n.literals.back()))
                return error_ = where() + "a literal has no canonical encoding", false;
        }
        for (const vm::JumpTable& jt : f.tables) {
            if (jt.values.size() != jt.targets.size())
                return error_ = where() + "jump table values and targets differ", false;
            std::vector<std::pair<std::vector<uint8_t>, int32_t>> entries;
            for (size_t i = 0; i < jt.values.size(); ++i) {
                entries.emplace_back();
                if (!canonicalTerm(jt.values[i], atoms_, entries.back().first))
                    return error_ = where() + "a jump-table value has no canonical encoding", false;
                entries.back().second = jt.targets[i];
            }
            std::sort(entries.begin(), entries.end());
            n.tables.push_back(std::move(entries));
        }
        if (n.fn->lambdaIndex >= 0) {
            const auto li = size_t(n.fn->lambdaIndex);
            if (li >= n.module->lambdas.size() || n.module->lambdas[li]->code != n.fn)
                return error_ = where() + "lambda body not in its module's lambda table", false;
        }
        return true;
    }

    // Iterative Tarjan. SCCs come out callees first, so each group's outside
    // callees are hashed before it.
    void tarjan() {
        const size_t kUnvisited = SIZE_MAX;
        std::vector<size_t> order(nodes_.size(), kUnvisited), low(nodes_.size(), 0);
        std::vector<bool> onStack(nodes_.size(), false);
        std::vector<size_t> stack;
        std::vector<std::pair<size_t, size_t>> work; // node, next edge
        size_t counter = 0;
        for (size_t root = 0; root < nodes_.size(); ++root) {
            if (order[root] != kUnvisited) continue;
            work.emplace_back(root, 0);
            while (!work.empty()) {
                auto& [v, e] = work.back();
                if (e == 0 && order[v] == kUnvisited) {
                    order[v] = low[v] = counter++;
                    stack.push_back(v);
                    onStack[v] = true;
                }
                if (e < nodes_[v].edges.size()) {
                    const size_t w = nodes_[v].edges[e++];
                    if (order[w] == kUnvisited) {
                        work.emplace_back(w, 0);
                    } else if (onStack[w]) {
                        low[v] = std::min(low[v], order[w]);
                    }
                    continue;
                }
                const size_t done = v;
                work.pop_back();
                if (!work.empty()) {
                    const size_t parent = work.back().first;
                    low[parent] = std::min(low[parent], low[done]);
                }
                if (low[done] == order[done]) {
                    std::vector<size_t> scc;
                    size_t w;
                    do {
                        w = stack.back();
                        stack.pop_back();
                        onStack[w] = false;
                        nodes_[w].scc = sccs_.size();
                        scc.push_back(w);
                    } while (w != done);
                    sccs_.push_back(std::move(scc));
                }
            }
        }
        groupHash_.resize(sccs_.size());
        memberIndex_.assign(nodes_.size(), 0);
        slot_.assign(nodes_.size(), 0);
    }

    // How an in-group reference is written while the order is being found (round
    // keys) and once it is known (member indices).
    enum class GroupRefs { Placeholder, Keys, Indices };

    void ref(Sink& s, size_t target, size_t scc, GroupRefs mode,
             const std::vector<CodeHash>& keys) const {
        const Node& t = nodes_[target];
        if (t.scc != scc) {
            s.byte('H');
            s.hash(t.hash);
            return;
        }
        s.byte('G');
        if (mode == GroupRefs::Keys) s.hash(keys[slot_[target]]);
        if (mode == GroupRefs::Indices) s.u32(memberIndex_[target]);
    }

    // The canonical encoding of one function (docs/internals/hashing.md).
    void encode(const Node& n, size_t scc, GroupRefs mode, const std::vector<CodeHash>& keys,
                std::vector<uint8_t>& out) const {
        const vm::FunctionCode& f = *n.fn;
        Sink s(out);
        s.bytes(kFunctionTag, 4);
        // The version the code needs, not the newest: code using no newer opcode
        // keeps the hash it had before those opcodes existed.
        s.u32(vm::isaVersionNeeded(f.code));
        s.u32(f.arity);
        s.u32(f.frameSize);
        if (f.lambdaIndex >= 0) {
            const vm::FunEntry& e = *n.module->lambdas[size_t(f.lambdaIndex)];
            // A portable lambda body is another code object than the same body as a
            // plain fun: is_function_portable/1 and fun_info tell them apart.
            s.byte(e.portable ? 2 : 1);
            s.u32(e.arity);
            s.u32(e.numFree);
        } else {
            s.byte(0);
        }
        out.reserve(out.size() + 64 + 4 * f.code.size() + 24 * n.calls.size());
        s.u32(uint32_t(f.code.size()));
        size_t nextL = 0;
        s.words(f.code.size(), [&](size_t pc) {
            uint32_t w = f.code[pc];
            if (nextL < n.lambdaOperands.size() && n.lambdaOperands[nextL] == pc) {
                ++nextL;
                w = n.lambdaPos.at(w);
            }
            return w;
        });
        s.u32(uint32_t(n.literals.size()));
        for (const auto& l : n.literals)
            s.blob(l);
        s.u32(uint32_t(n.calls.size()));
        for (size_t t = 0; t < n.calls.size(); ++t) {
            const detail::Resolved& r = n.calls[t];
            const vm::CallTarget& ct = *f.targets[t];
            switch (r.kind) {
            case detail::Resolved::Kind::ByName:
                s.byte('N');
                s.str(ct.module.isAtom() ? atoms_.name(ct.module) : "");
                s.str(ct.name.isAtom() ? atoms_.name(ct.name) : "");
                s.u32(ct.arity);
                break;
            case detail::Resolved::Kind::Internal:
                ref(s, index_.at(r.callee), scc, mode, keys);
                break;
            case detail::Resolved::Kind::Pinned:
                s.byte('H');
                s.hash(r.hash);
                break;
            }
        }
        const size_t nb = f.bifs.empty() ? f.bifNames.size() : f.bifs.size();
        s.u32(uint32_t(nb));
        for (size_t b = 0; b < nb; ++b) {
            vm::Term mod, name;
            uint32_t arity;
            if (f.bifs.empty()) {
                mod = f.bifNames[b].module, name = f.bifNames[b].name, arity = f.bifNames[b].arity;
            } else {
                mod = f.bifs[b]->module, name = f.bifs[b]->name, arity = f.bifs[b]->arity;
            }
            s.str(mod.isAtom() ? atoms_.name(mod) : "");
            s.str(name.isAtom() ? atoms_.name(name) : "");
            s.u32(arity);
        }
        s.u32(uint32_t(n.tables.size()));
        for (const auto& table : n.tables) {
            s.u32(uint32_t(table.size()));
            for (const auto& [value, target] : table) {
                s.blob(value);
                s.u32(uint32_t(target));
            }
        }
        s.u32(uint32_t(n.lambdaOrder.size()));
        for (size_t k = 0; k < n.lambdaOrder.size(); ++k) {
            const vm::FunEntry& e = *n.module->lambdas[n.lambdaOrder[k]];
            s.u32(e.arity);
            s.u32(e.numFree);
            if (n.lambdaPinned[k]) {
                s.byte('H');
                s.hash(*n.lambdaPinned[k]);
            } else {
                ref(s, index_.at(e.code), scc, mode, keys);
            }
        }
    }

    // Orders the members by their code (refined like colour refinement, so members
    // that differ only in whom they call are told apart), then hashes the group.
    void hashGroup(const std::vector<size_t>& members) {
        const size_t scc = nodes_[members[0]].scc;
        // Keys by position in `members` (slot_), so a group costs its own size only.
        for (size_t i = 0; i < members.size(); ++i)
            slot_[members[i]] = uint32_t(i);
        std::vector<CodeHash> keys(members.size());
        std::vector<uint8_t> bytes;
        // The keys only order the members: a group of one (most functions) needs none.
        for (size_t i = 0; members.size() > 1 && i < members.size(); ++i) {
            bytes.clear();
            encode(nodes_[members[i]], scc, GroupRefs::Placeholder, keys, bytes);
            keys[i] = xxh128(bytes);
        }
        auto distinct = [&] {
            std::vector<CodeHash> k(keys);
            std::sort(k.begin(), k.end());
            return size_t(std::unique(k.begin(), k.end()) - k.begin());
        };
        for (size_t classes = distinct(), round = 0;
             members.size() > 1 && classes < members.size() &&
             round < std::min(members.size(), kMaxRefinementRounds);
             ++round) {
            std::vector<CodeHash> next(keys.size());
            for (size_t i = 0; i < members.size(); ++i) {
                bytes.clear();
                Sink(bytes).hash(keys[i]);
                encode(nodes_[members[i]], scc, GroupRefs::Keys, keys, bytes);
                next[i] = xxh128(bytes);
            }
            keys.swap(next);
            const size_t now = distinct();
            if (now == classes) break;
            classes = now;
        }
        // Members still tied are indistinguishable by their code and callees; the
        // names break the tie so that the order is at least deterministic.
        std::vector<size_t> order(members);
        std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
            if (keys[slot_[a]] != keys[slot_[b]]) return keys[slot_[a]] < keys[slot_[b]];
            return tieKey(nodes_[a]) < tieKey(nodes_[b]);
        });
        for (size_t i = 0; i < order.size(); ++i)
            memberIndex_[order[i]] = uint32_t(i);
        std::vector<uint8_t> group;
        Sink g(group);
        g.bytes(kGroupTag, 4);
        g.u32(uint32_t(order.size()));
        for (size_t m : order) {
            bytes.clear();
            encode(nodes_[m], scc, GroupRefs::Indices, keys, bytes);
            g.blob(bytes);
        }
        groupHash_[scc] = xxh128(group);
        for (size_t i = 0; i < order.size(); ++i) {
            bytes.clear();
            Sink s(bytes);
            s.bytes(kMemberTag, 4);
            s.hash(groupHash_[scc]);
            s.u32(uint32_t(i));
            nodes_[order[i]].hash = xxh128(bytes);
        }
    }

    std::tuple<std::string, std::string, uint32_t> tieKey(const Node& n) const {
        return {atoms_.name(n.module->name), n.fn->name.isAtom() ? atoms_.name(n.fn->name) : "",
                n.fn->arity};
    }

    const vm::AtomTable& atoms_;
    const detail::Resolver& resolve_;
    const detail::LambdaResolver& lambdaResolve_;
    std::vector<Node> nodes_;
    std::unordered_map<const vm::FunctionCode*, size_t> index_;
    std::vector<std::vector<size_t>> sccs_;
    std::vector<CodeHash> groupHash_;
    std::vector<uint32_t> memberIndex_;
    std::vector<bool> crossModule_; // by SCC
    std::vector<uint32_t> slot_;    // a member's position in its group while it is hashed
    std::string error_;
};

} // namespace

std::string toHex(const CodeHash& h) {
    return vm::toHex(h);
}

namespace detail {

ModuleIndex::ModuleIndex(const vm::ModuleCode& module) : module_(module) {
    std::unordered_set<uint32_t> exported(module.exports.begin(), module.exports.end());
    for (size_t i = 0; i < module.functions.size(); ++i) {
        const vm::FunctionCode& f = *module.functions[i];
        if (f.lambdaIndex >= 0) continue;
        functions_.emplace(std::make_pair(f.name.raw(), f.arity),
                           std::make_pair(&f, exported.count(uint32_t(i)) > 0));
    }
    for (const auto& t : module.localTargets)
        owned_.insert(t.get());
}

const vm::FunctionCode* ModuleIndex::find(vm::Term name, uint32_t arity, bool remote) const {
    auto it = functions_.find(std::make_pair(name.raw(), arity));
    if (it == functions_.end() || (remote && !it->second.second)) return nullptr;
    return it->second.first;
}

bool ModuleIndex::isRemote(const vm::CallTarget& t) const {
    return t.remote || t.module != module_.name || !owned_.count(&t);
}

bool hashWithResolver(std::span<const vm::ModuleCode* const> modules, const vm::AtomTable& atoms,
                      const Resolver& resolve, HashSet& out, std::string* error,
                      const LambdaResolver& lambdas) {
    return Hasher(atoms, resolve, lambdas).run(modules, out, error);
}

} // namespace detail

bool hashModules(std::span<const vm::ModuleCode* const> modules, const vm::AtomTable& atoms,
                 const AmbientPredicate& isAmbient, HashSet& out, std::string* error) {
    std::vector<detail::ModuleIndex> indices;
    std::unordered_map<const vm::ModuleCode*, size_t> position;
    std::multimap<uint64_t, size_t> byName;
    for (const vm::ModuleCode* m : modules) {
        position.emplace(m, indices.size());
        byName.emplace(m->name.raw(), indices.size());
        indices.emplace_back(*m);
    }
    auto resolve = [&](const vm::ModuleCode& m, const vm::FunctionCode& f,
                       size_t t) -> detail::Resolved {
        const vm::CallTarget& ct = *f.targets[t];
        detail::Resolved r;
        if (!ct.module.isAtom()) return r;
        if (isAmbient && isAmbient(atoms.name(ct.module))) {
            r.ambient = true;
            return r;
        }
        const detail::ModuleIndex& own = indices[position.at(&m)];
        const bool remote = own.isRemote(ct);
        const vm::FunctionCode* callee = nullptr;
        if (!remote) {
            callee = own.find(ct.name, ct.arity, false);
        } else {
            auto [begin, end] = byName.equal_range(ct.module.raw());
            for (auto it = begin; it != end && !callee; ++it)
                callee = indices[it->second].find(ct.name, ct.arity, true);
        }
        if (callee) {
            r.kind = detail::Resolved::Kind::Internal;
            r.callee = callee;
        }
        return r;
    };
    return detail::hashWithResolver(modules, atoms, resolve, out, error);
}

std::vector<CodeHash> closureOf(const HashSet& hashes, const vm::FunctionCode* root) {
    std::vector<CodeHash> result;
    std::vector<const vm::FunctionCode*> todo{root};
    std::unordered_map<const vm::FunctionCode*, bool> seen;
    while (!todo.empty()) {
        const vm::FunctionCode* f = todo.back();
        todo.pop_back();
        if (!f || seen[f]) continue;
        seen[f] = true;
        const FunctionHash* fh = hashes.find(f);
        if (!fh) continue;
        result.push_back(fh->hash);
        for (const CodeRef& r : fh->calls) {
            if (r.callee) todo.push_back(r.callee);
            // Pinned outside the given modules: reachable, its own closure unknown here.
            else if (r.kind == CodeRef::Kind::Hash)
                result.push_back(r.hash);
        }
        for (const CodeRef& r : fh->lambdas) {
            if (r.callee)
                todo.push_back(r.callee);
            else
                result.push_back(r.hash);
        }
    }
    std::sort(result.begin(), result.end());
    result.erase(std::unique(result.begin(), result.end()), result.end());
    return result;
}

} // namespace pfun::loader
