// .pfb bytes -> verified ModuleCode. Order of checks: prefix (magic, version), the
// FlatBuffers verifier (every offset, length and required field inside the buffer),
// then decoding with a check on every value the FlatBuffers verifier cannot know
// about (names that must be atoms, literals in the external term format, indices
// between tables), and last the bytecode verifier over the decoded module. Nothing is
// published here: the caller gets a private module or a reason.
#include "hash_internal.h"
#include "pfb_generated.h"
#include "pfun/loader/pfb.h"
#include "pfun/loader/verify.h"

#include "pfun/vm/external.h"
#include "pfun/vm/isa.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <numeric>
#include <optional>
#include <tuple>

namespace pfun::loader {

namespace {

namespace fb = pfun::loader::fb;

// Generous bounds that keep a hostile file from asking for absurd work; a real
// module is far below each.
constexpr uint32_t kMaxFunctions = 1u << 20;
constexpr uint32_t kMaxCodeWords = 1u << 24;

class Reader {
  public:
    explicit Reader(vm::AtomTable& atoms) : atoms_(atoms) {}

    std::unique_ptr<vm::ModuleCode> run(const fb::Module& root) {
        auto m = std::make_unique<vm::ModuleCode>();
        if (root.isa_version() != vm::kIsaVersion)
            return fail("compiled for instruction set version " +
                        std::to_string(root.isa_version()) + ", this pfun runs version " +
                        std::to_string(vm::kIsaVersion));
        if (!atom(root.name(), m->name, "module name")) return nullptr;
        if (root.file_name()) m->fileName = root.file_name()->str();
        if (root.source()) m->source = root.source()->str();
        const auto* functions = root.functions();
        const auto* lambdas = root.lambdas();
        const uint32_t nf = functions ? functions->size() : 0;
        const uint32_t nl = lambdas ? lambdas->size() : 0;
        if (nf > kMaxFunctions || nl > kMaxFunctions) return fail("too many functions");
        m_ = m.get();
        for (uint32_t i = 0; i < nf; ++i) {
            auto fn = function(*functions->Get(i), i);
            if (!fn) return nullptr;
            m->functions.push_back(std::move(fn));
        }
        for (uint32_t i = 0; i < nl; ++i) {
            const fb::Lambda& l = *lambdas->Get(i);
            if (l.function() >= nf)
                return fail("lambda #" + std::to_string(i) + " names a missing function");
            auto e = std::make_unique<vm::FunEntry>();
            e->code = m->functions[l.function()].get();
            e->module = m->name;
            e->index = i;
            e->arity = l.arity();
            e->numFree = l.num_free();
            e->uniq = l.uniq();
            if (l.name()) e->name = l.name()->str();
            e->portable = l.portable();
            m->lambdas.push_back(std::move(e));
        }
        if (const auto* exports = root.exports()) {
            for (uint32_t e : *exports) {
                if (e >= nf) return fail("export index out of range");
                m->exports.push_back(e);
            }
        }
        std::string problems = verifyModule(*m);
        if (!problems.empty()) {
            problems.resize(problems.find('\n'));
            return fail("invalid code: " + problems);
        }
        if (anyHash_ && !checkHashes(*m)) return nullptr;
        return m;
    }

    std::string error;

  private:
    static CodeHash toHash(const flatbuffers::Vector<uint8_t>& v) {
        CodeHash h{};
        std::copy(v.begin(), v.end(), h.begin());
        return h;
    }

    // Re-hashes the module as the file says it is linked: a call reference stored
    // with a hash into this module must reach one of its functions (and carry exactly
    // its recomputed hash); one into another module is pinned to the stored hash;
    // one stored without a hash is by name. Every stored hash must match.
    bool checkHashes(const vm::ModuleCode& m) {
        std::unordered_map<const vm::FunctionCode*, size_t> position;
        for (size_t i = 0; i < m.functions.size(); ++i)
            position.emplace(m.functions[i].get(), i);
        std::string dangling;
        const detail::ModuleIndex index(m);
        auto resolve = [&](const vm::ModuleCode& mod, const vm::FunctionCode& f,
                           size_t t) -> detail::Resolved {
            detail::Resolved r;
            const std::optional<CodeHash>& stored = callHashes_[position.at(&f)][t];
            if (!stored) return r;
            const vm::CallTarget& ct = *f.targets[t];
            // The writer marks every call into another module remote; a local one
            // naming another module would be pinned by hash yet linked elsewhere.
            if (!ct.remote && ct.module != mod.name && dangling.empty())
                dangling = "function #" + std::to_string(position.at(&f)) +
                           ": local call reference #" + std::to_string(t) + " names another module";
            if (ct.module == mod.name) {
                if (const vm::FunctionCode* callee =
                        index.find(ct.name, ct.arity, index.isRemote(ct))) {
                    r.kind = detail::Resolved::Kind::Internal;
                    r.callee = callee;
                    return r;
                }
                // Pinned by hash, yet linking by name would find nothing here.
                if (dangling.empty())
                    dangling = "function #" + std::to_string(position.at(&f)) +
                               ": call reference #" + std::to_string(t) +
                               " has a hash but names no function of this module";
            }
            r.kind = detail::Resolved::Kind::Pinned;
            r.hash = *stored;
            return r;
        };
        const vm::ModuleCode* mods[] = {&m};
        HashSet set;
        std::string reason;
        if (!detail::hashWithResolver(mods, atoms_, resolve, set, &reason))
            return fail("cannot hash: " + reason), false;
        if (!dangling.empty()) return fail(dangling), false;
        for (size_t i = 0; i < m.functions.size(); ++i) {
            const FunctionHash* fh = set.find(m.functions[i].get());
            if (!fh) return fail("cannot hash function #" + std::to_string(i)), false;
            const std::string where = "function #" + std::to_string(i) + " (" +
                                      atoms_.name(m.functions[i]->name) + "/" +
                                      std::to_string(m.functions[i]->arity) + "): ";
            if (fnHashes_[i] && *fnHashes_[i] != fh->hash)
                return fail(where + "stored hash " + toHex(*fnHashes_[i]) +
                            " does not match the code's hash " + toHex(fh->hash)),
                       false;
            for (size_t t = 0; t < fh->calls.size(); ++t) {
                const std::optional<CodeHash>& stored = callHashes_[i][t];
                if (stored && *stored != fh->calls[t].hash)
                    return fail(where + "call reference #" + std::to_string(t) + " stores hash " +
                                toHex(*stored) + ", its callee hashes to " +
                                toHex(fh->calls[t].hash)),
                           false;
            }
        }
        return true;
    }

    std::nullptr_t fail(std::string reason) {
        if (error.empty()) error = std::move(reason);
        return nullptr;
    }

    bool atom(const flatbuffers::String* s, vm::Term& out, const char* what) {
        if (!s) return fail(std::string(what) + " missing"), false;
        auto a = atoms_.intern(std::string_view(s->data(), s->size()));
        if (!a) return fail(std::string(what) + " is not a valid atom"), false;
        out = *a;
        return true;
    }

    bool term(const fb::Literal* lit, vm::Term& out) {
        if (!lit || !lit->ext()) return fail("literal missing"), false;
        const auto* ext = lit->ext();
        out = vm::binaryToTerm(m_->literalHeap, ext->data(), ext->size(), atoms_);
        if (out.isNonValue()) return fail("malformed literal (external term format)"), false;
        return true;
    }

    vm::CallTarget* target(vm::Term module, vm::Term name, uint32_t arity, bool remote) {
        auto key = std::make_tuple(module.raw(), name.raw(), arity, remote);
        auto it = targets_.find(key);
        if (it != targets_.end()) return it->second;
        auto t = std::make_unique<vm::CallTarget>();
        t->module = module;
        t->name = name;
        t->arity = arity;
        t->remote = remote;
        vm::CallTarget* raw = t.get();
        m_->localTargets.push_back(std::move(t));
        targets_.emplace(key, raw);
        return raw;
    }

    std::unique_ptr<vm::FunctionCode> function(const fb::Function& f, uint32_t index) {
        const std::string where = "function #" + std::to_string(index) + ": ";
        auto fn = std::make_unique<vm::FunctionCode>();
        fn->module = m_->name;
        if (!atom(f.name(), fn->name, "function name")) return nullptr;
        fn->arity = f.arity();
        fn->frameSize = f.frame_size();
        if (f.code()->size() > kMaxCodeWords) return fail(where + "too much code");
        fn->code.assign(f.code()->begin(), f.code()->end());
        if (f.hash() && f.hash()->size() != 16) return fail(where + "hash is not 16 bytes");
        fnHashes_.emplace_back();
        if (f.hash()) fnHashes_.back() = toHash(*f.hash()), anyHash_ = true;
        callHashes_.emplace_back();
        if (const auto* lits = f.literals()) {
            fn->literals.resize(lits->size());
            for (uint32_t i = 0; i < lits->size(); ++i)
                if (!term(lits->Get(i), fn->literals[i])) return nullptr;
        }
        if (const auto* calls = f.calls()) {
            for (const fb::CallRef* c : *calls) {
                vm::Term mod, name;
                if (!atom(c->module_(), mod, "call target module") ||
                    !atom(c->name(), name, "call target name"))
                    return nullptr;
                if (c->hash() && c->hash()->size() != 16)
                    return fail(where + "call target hash is not 16 bytes");
                callHashes_.back().emplace_back();
                if (c->hash()) callHashes_.back().back() = toHash(*c->hash()), anyHash_ = true;
                fn->targets.push_back(target(mod, name, c->arity(), c->remote()));
            }
        }
        if (const auto* bifs = f.bifs()) {
            for (const fb::BifRef* b : *bifs) {
                vm::BifName n;
                if (!atom(b->module_(), n.module, "BIF module") ||
                    !atom(b->name(), n.name, "BIF name"))
                    return nullptr;
                n.arity = b->arity();
                fn->bifNames.push_back(n);
            }
        }
        if (const auto* tables = f.tables()) {
            for (const fb::JumpTable* t : *tables) {
                if (t->values()->size() != t->targets()->size())
                    return fail(where + "jump table values and targets differ in length");
                vm::JumpTable jt;
                std::vector<std::pair<vm::Term, int32_t>> entries(t->values()->size());
                for (uint32_t i = 0; i < entries.size(); ++i) {
                    if (!term(t->values()->Get(i), entries[i].first)) return nullptr;
                    entries[i].second = t->targets()->Get(i);
                }
                // Atom numbers differ between runtimes: restore the order by raw word
                // that lets the interpreter binary-search tables of immediates.
                std::stable_sort(entries.begin(), entries.end(), [](const auto& x, const auto& y) {
                    return x.first.raw() < y.first.raw();
                });
                for (const auto& [v, target] : entries) {
                    jt.values.push_back(v);
                    jt.targets.push_back(target);
                }
                fn->tables.push_back(std::move(jt));
            }
        }
        if (const auto* lines = f.lines()) {
            for (const fb::LineEntry* e : *lines)
                fn->lines.push_back({e->pc(), e->line()});
        }
        fn->lambdaIndex = f.lambda_index();
        if (fn->lambdaIndex < -1) return fail(where + "negative lambda index");
        fn->sourceBegin = f.source_begin();
        fn->sourceEnd = f.source_end();
        return fn;
    }

    vm::AtomTable& atoms_;
    vm::ModuleCode* m_ = nullptr;
    // Hashes stored in the file, by function (and by call reference).
    std::vector<std::optional<CodeHash>> fnHashes_;
    std::vector<std::vector<std::optional<CodeHash>>> callHashes_;
    bool anyHash_ = false;
    std::map<std::tuple<uint64_t, uint64_t, uint32_t, bool>, vm::CallTarget*> targets_;
};

} // namespace

std::unique_ptr<vm::ModuleCode> readModule(std::span<const uint8_t> bytes, vm::AtomTable& atoms,
                                           std::string* error) {
    auto fail = [&](std::string reason) -> std::unique_ptr<vm::ModuleCode> {
        if (error) *error = std::move(reason);
        return nullptr;
    };
    if (bytes.size() < kPfbPrefixSize || !looksLikePfb(bytes))
        return fail("not a .pfb file (bad magic bytes)");
    auto word = [&](size_t at) {
        uint32_t v = 0;
        for (size_t i = 0; i < 4; ++i)
            v |= uint32_t(bytes[at + i]) << (8 * i);
        return v;
    };
    const uint32_t version = word(4);
    if (version != kPfbFormatVersion)
        return fail("unsupported .pfb format version " + std::to_string(version) +
                    " (this pfun reads version " + std::to_string(kPfbFormatVersion) + ")");
    std::span<const uint8_t> body = bytes.subspan(kPfbPrefixSize);
    const uint32_t declared = word(8);
    if (body.size() < declared)
        return fail("truncated .pfb file (" + std::to_string(bytes.size()) + " bytes of " +
                    std::to_string(uint64_t(declared) + kPfbPrefixSize) + ")");
    if (body.size() > declared)
        return fail(std::to_string(body.size() - declared) + " unexpected bytes after the module");
    if (word(12) != 0) return fail("reserved prefix word is not zero");
    // FlatBuffers reads scalars in place: give it an 8-byte aligned copy when needed.
    std::vector<uint8_t> aligned;
    if (reinterpret_cast<uintptr_t>(body.data()) % 8 != 0) {
        aligned.assign(body.begin(), body.end());
        body = aligned;
    }
    if (body.size() >= FLATBUFFERS_MAX_BUFFER_SIZE) return fail("file too large");
    flatbuffers::Verifier verifier(body.data(), body.size());
    if (!fb::VerifyModuleBuffer(verifier))
        return fail("corrupt .pfb file (FlatBuffers verification failed)");
    Reader reader(atoms);
    auto m = reader.run(*fb::GetModule(body.data()));
    if (!m) return fail(reader.error);
    return m;
}

} // namespace pfun::loader
