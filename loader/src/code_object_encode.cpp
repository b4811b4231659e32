// Hashed functions -> code objects (code_object.h). An object is one group of the
// HashSet (one function unless mutually recursive); each member is written with its
// references as the hash saw them: by hash, by member index, or by name.
#include "code_object_format.h"
#include "fb_function.h"
#include "pfun/loader/code_object.h"

#include "pfun/vm/isa.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace pfun::loader {

namespace {

using flatbuffers::Offset;

// The members of fh's group, in group order (a group found twice — two modules with
// identical code — contributes one function per index).
bool groupOf(const HashSet& hashes, const FunctionHash& fh,
             std::vector<const FunctionHash*>& members) {
    members.assign(fh.groupSize, nullptr);
    if (fh.groupSize == 1) {
        members[0] = &fh;
        return true;
    }
    for (const FunctionHash& other : hashes.functions)
        if (other.group == fh.group && other.groupSize == fh.groupSize &&
            other.groupIndex < members.size() && !members[other.groupIndex])
            members[other.groupIndex] = &other;
    return std::all_of(members.begin(), members.end(), [](auto* m) { return m != nullptr; });
}

class ObjectWriter {
  public:
    ObjectWriter(const HashSet& hashes, const vm::AtomTable& atoms)
        : hashes_(hashes), atoms_(atoms) {}

    // May be called again for the next object (after a success): the builder's
    // buffer is reused, so a closure of many objects allocates it once.
    bool run(const std::vector<const FunctionHash*>& members, EncodedObject& out,
             std::string* error) {
        b_.Clear();
        groupIndex_.clear();
        for (const FunctionHash* m : members)
            groupIndex_[m->hash] = m->groupIndex;
        std::vector<Offset<detail::fb::Member>> written;
        for (const FunctionHash* m : members) {
            auto off = member(*m);
            if (!ok_ || !fw_.ok()) {
                if (error) *error = ok_ ? fw_.error() : error_;
                return false;
            }
            written.push_back(off);
        }
        uint32_t isa = vm::kOldestIsaVersion; // the oldest version that runs every member
        for (const FunctionHash* m : members)
            isa = std::max(isa, vm::isaVersionNeeded(m->function->code));
        auto root = detail::fb::CreateCodeObject(b_, isa, b_.CreateVector(written));
        b_.Finish(root, detail::fb::CodeObjectIdentifier());
        detail::writePrefixed(detail::kObjectPrefix, b_, out.bytes);
        out.members.clear();
        for (const FunctionHash* m : members)
            out.members.push_back(m->hash);
        out.hash = out.members[0];
        return true;
    }

  private:
    bool fail(std::string reason) {
        ok_ = false;
        if (error_.empty()) error_ = std::move(reason);
        return false;
    }

    // The member index of a reference into this group (self-recursion included), or
    // -1. By hash: members' hashes are distinct, and the callee may be an identical
    // copy of a member in another module.
    int32_t memberIndex(const CodeRef& r) const {
        if (r.kind != CodeRef::Kind::Hash) return -1;
        auto it = groupIndex_.find(r.hash);
        return it == groupIndex_.end() ? -1 : int32_t(it->second);
    }

    Offset<detail::fb::Member> member(const FunctionHash& fh) {
        namespace fb = detail::fb;
        const vm::FunctionCode& f = *fh.function;
        const vm::ModuleCode& mod = *fh.module;
        // L operands: the module's lambda table index -> position in first-use order
        // (what the hash encodes, and what the object's lambda list is indexed by).
        std::vector<uint32_t> code = f.code;
        std::vector<uint32_t> order;
        std::unordered_map<uint32_t, uint32_t> position;
        for (size_t pc = 0; pc < code.size();) {
            const vm::OpcodeInfo& info = vm::opcodeInfo(vm::decodeOp(code[pc]));
            for (uint32_t k = 0; k < info.wordCount && pc + 1 + k < code.size(); ++k) {
                if (info.words[k] != vm::Operand::L) continue;
                uint32_t& w = code[pc + 1 + k];
                auto [it, fresh] = position.emplace(w, uint32_t(order.size()));
                if (fresh) order.push_back(w);
                w = it->second;
            }
            pc += 1 + info.wordCount;
        }
        if (order.size() != fh.lambdas.size() || fh.calls.size() != f.targets.size())
            return fail("function is not hashed as given"), 0;

        std::vector<Offset<fb::CallRef>> calls;
        std::vector<int32_t> callMembers;
        for (size_t t = 0; t < f.targets.size(); ++t) {
            const vm::CallTarget& ct = *f.targets[t];
            const CodeRef& r = fh.calls[t];
            int32_t inGroup = -1;
            Offset<flatbuffers::Vector<uint8_t>> pinned = 0;
            if (r.kind == CodeRef::Kind::Hash) {
                inGroup = memberIndex(r);
                if (inGroup < 0) pinned = fw_.hash(r.hash);
            }
            calls.push_back(fb::CreateCallRef(b_, fw_.atomName(ct.module), fw_.atomName(ct.name),
                                              ct.arity, r.kind != CodeRef::Kind::Hash, pinned));
            callMembers.push_back(inGroup);
        }
        std::vector<Offset<fb::ObjectLambda>> lambdas;
        for (size_t k = 0; k < order.size(); ++k) {
            if (order[k] >= mod.lambdas.size()) return fail("lambda index out of range"), 0;
            const vm::FunEntry& e = *mod.lambdas[order[k]];
            const CodeRef& r = fh.lambdas[k];
            const int32_t inGroup = memberIndex(r);
            lambdas.push_back(fb::CreateObjectLambda(b_, e.arity, e.numFree,
                                                     inGroup < 0 ? fw_.hash(r.hash) : 0, inGroup,
                                                     e.uniq, b_.CreateString(e.name)));
        }
        // Its own source text (debug info): the slice of the module's source.
        std::string_view source;
        if (f.sourceBegin <= f.sourceEnd && f.sourceEnd <= mod.source.size())
            source =
                std::string_view(mod.source).substr(f.sourceBegin, f.sourceEnd - f.sourceBegin);
        auto function =
            fw_.function(f, code, b_.CreateVector(calls), -1, 0, uint32_t(source.size()), &fh.hash);
        const vm::FunEntry* self = nullptr;
        if (f.lambdaIndex >= 0 && size_t(f.lambdaIndex) < mod.lambdas.size())
            self = mod.lambdas[size_t(f.lambdaIndex)].get();
        if (f.lambdaIndex >= 0 && !self) return fail("lambda body without its entry"), 0;
        return fb::CreateMember(
            b_, function, b_.CreateVector(callMembers), b_.CreateVector(lambdas), self != nullptr,
            self ? self->arity : 0, self ? self->numFree : 0, self ? self->uniq : 0,
            b_.CreateString(self ? self->name : std::string()), fw_.atomName(mod.name),
            b_.CreateString(mod.fileName), b_.CreateString(source), self && self->portable);
    }

    const HashSet& hashes_;
    const vm::AtomTable& atoms_;
    flatbuffers::FlatBufferBuilder b_{4096};
    detail::FunctionWriter fw_{b_, atoms_};
    std::unordered_map<CodeHash, uint32_t, detail::CodeHashHasher> groupIndex_;
    bool ok_ = true;
    std::string error_;
};

} // namespace

bool encodeObject(const HashSet& hashes, const vm::AtomTable& atoms, const vm::FunctionCode* fn,
                  EncodedObject& out, std::string* error) {
    const FunctionHash* fh = fn ? hashes.find(fn) : nullptr;
    if (!fh) {
        if (error) *error = "function is not hashed";
        return false;
    }
    std::vector<const FunctionHash*> members;
    if (!groupOf(hashes, *fh, members)) {
        if (error) *error = "a member of the function's group is not hashed";
        return false;
    }
    return ObjectWriter(hashes, atoms).run(members, out, error);
}

std::vector<EncodedObject> encodeClosure(const HashSet& hashes, const vm::AtomTable& atoms,
                                         const vm::FunctionCode* root, std::string* error,
                                         std::vector<CodeHash>* missing) {
    std::vector<EncodedObject> out;
    if (missing) missing->clear();
    std::unordered_map<CodeHash, const FunctionHash*, detail::CodeHashHasher> byHash;
    for (const FunctionHash& f : hashes.functions)
        byHash.emplace(f.hash, &f);
    // The closure's groups form a DAG (a group is a strongly connected component):
    // a post-order walk over it emits callees before callers, so objects can also be
    // loaded one at a time in this order.
    struct Group {
        std::vector<const FunctionHash*> members;
        std::vector<CodeHash> refs; // outside the group
    };
    // Hash tables, not ordered ones: the walk's order comes from the references, and
    // ordered sets of 16-byte keys showed in profiles of a cold spawn.
    using HashSetOfCode = std::unordered_set<CodeHash, detail::CodeHashHasher>;
    std::unordered_map<CodeHash, Group, detail::CodeHashHasher> groups; // by first member
    std::unordered_map<CodeHash, CodeHash, detail::CodeHashHasher> groupOfHash;
    HashSetOfCode absent;
    auto groupKey = [&](const CodeHash& h) -> const CodeHash* {
        if (auto it = groupOfHash.find(h); it != groupOfHash.end()) return &it->second;
        auto f = byHash.find(h);
        if (f == byHash.end()) {
            if (absent.insert(h).second && missing) missing->push_back(h);
            return nullptr;
        }
        Group g;
        if (!groupOf(hashes, *f->second, g.members)) return nullptr;
        const CodeHash key = g.members[0]->hash;
        for (const FunctionHash* m : g.members)
            groupOfHash.emplace(m->hash, key);
        for (const FunctionHash* m : g.members) {
            for (const CodeRef& c : m->calls)
                if (c.kind == CodeRef::Kind::Hash && !groupOfHash.count(c.hash))
                    g.refs.push_back(c.hash);
            for (const CodeRef& c : m->lambdas)
                if (!groupOfHash.count(c.hash)) g.refs.push_back(c.hash);
        }
        groups.emplace(key, std::move(g));
        return &groupOfHash.at(h);
    };
    const FunctionHash* rootHash = root ? hashes.find(root) : nullptr;
    if (!rootHash) {
        if (error) *error = "function is not hashed";
        return out;
    }
    ObjectWriter writer(hashes, atoms);
    HashSetOfCode emitted, entered;
    std::vector<std::pair<CodeHash, size_t>> stack; // group key, next reference
    if (const CodeHash* k = groupKey(rootHash->hash)) {
        stack.emplace_back(*k, 0);
        entered.insert(*k);
    }
    while (!stack.empty()) {
        const CodeHash key = stack.back().first;
        Group& g = groups.at(key);
        if (stack.back().second < g.refs.size()) {
            const CodeHash ref = g.refs[stack.back().second++];
            const CodeHash* k = groupKey(ref);
            if (k && *k != key && !entered.count(*k)) {
                entered.insert(*k);
                stack.emplace_back(*k, 0);
            }
            continue;
        }
        stack.pop_back();
        if (!emitted.insert(key).second) continue;
        EncodedObject obj;
        if (!writer.run(g.members, obj, error)) return {};
        out.push_back(std::move(obj));
    }
    return out;
}

} // namespace pfun::loader
