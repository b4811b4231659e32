// .pfb bytes -> verified ModuleCode. Order of checks: prefix (magic, version), the
// FlatBuffers verifier (every offset, length and required field inside the buffer),
// then decoding with a check on every value the FlatBuffers verifier cannot know
// about (names that must be atoms, literals in the external term format, indices
// between tables), and last the bytecode verifier over the decoded module. Nothing is
// published here: the caller gets a private module or a reason.
#include "fb_function.h"
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
// module is far below each (the code-word bound is detail::kMaxCodeWords).
constexpr uint32_t kMaxFunctions = 1u << 20;

class Reader {
  public:
    explicit Reader(vm::AtomTable& atoms) : atoms_(atoms) {}

    std::unique_ptr<vm::ModuleCode> run(const fb::Module& root) {
        auto m = std::make_unique<vm::ModuleCode>();
        if (root.isa_version() < vm::kOldestIsaVersion || root.isa_version() > vm::kIsaVersion)
            return fail("compiled for instruction set version " +
                        std::to_string(root.isa_version()) + ", this pfun runs versions " +
                        std::to_string(vm::kOldestIsaVersion) + " to " +
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
        for (uint32_t i = 0; i < nf; ++i)
            if (vm::isaVersionNeeded(m->functions[i]->code) > root.isa_version())
                return fail("function #" + std::to_string(i) +
                            " uses instructions newer than the file's instruction set version " +
                            std::to_string(root.isa_version()));
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
        std::string reason;
        if (!detail::readAtom(s, atoms_, out, what, reason)) return fail(reason), false;
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
        std::string reason;
        if (!detail::readFunctionBody(f, *fn, m_->literalHeap, atoms_, where, reason))
            return fail(reason);
        std::optional<CodeHash> h;
        if (!detail::readHash(f.hash(), h, where + "hash", reason)) return fail(reason);
        fnHashes_.push_back(h);
        anyHash_ = anyHash_ || h;
        callHashes_.emplace_back();
        if (const auto* calls = f.calls()) {
            for (const fb::CallRef* c : *calls) {
                vm::Term mod, name;
                if (!atom(c->module_(), mod, "call target module") ||
                    !atom(c->name(), name, "call target name"))
                    return nullptr;
                if (!detail::readHash(c->hash(), h, where + "call target hash", reason))
                    return fail(reason);
                callHashes_.back().push_back(h);
                anyHash_ = anyHash_ || h;
                fn->targets.push_back(target(mod, name, c->arity(), c->remote()));
            }
        }
        fn->lambdaIndex = f.lambda_index();
        if (fn->lambdaIndex < -1) return fail(where + "negative lambda index");
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
    std::span<const uint8_t> body;
    std::vector<uint8_t> aligned;
    std::string reason;
    if (!detail::readPrefixed(detail::kPfbPrefix, bytes, body, aligned, reason))
        return fail(reason);
    flatbuffers::Verifier verifier(body.data(), body.size());
    if (!fb::VerifyModuleBuffer(verifier))
        return fail("corrupt .pfb file (FlatBuffers verification failed)");
    Reader reader(atoms);
    auto m = reader.run(*fb::GetModule(body.data()));
    if (!m) return fail(reader.error);
    return m;
}

} // namespace pfun::loader
