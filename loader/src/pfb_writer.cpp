// ModuleCode -> .pfb bytes. Everything is written symbolically (names, not atom or
// BIF-table numbers), so the file means the same in any runtime.
#include "fb_function.h"
#include "pfb_generated.h"
#include "pfun/loader/pfb.h"

#include "pfun/vm/external.h"
#include "pfun/vm/isa.h"

#include <algorithm>
#include <cstring>
#include <unordered_set>

namespace pfun::loader {

namespace {

namespace fb = pfun::loader::fb;
using flatbuffers::FlatBufferBuilder;
using flatbuffers::Offset;

class Writer {
  public:
    Writer(const vm::ModuleCode& m, const vm::AtomTable& atoms, const HashSet* hashes)
        : m_(m), atoms_(atoms), hashes_(hashes) {
        for (const auto& t : m.localTargets)
            owned_.insert(t.get());
        // All or nothing: a module part of whose code is hashed in a group spanning
        // modules cannot be re-hashed by a reader that sees only this file.
        if (hashes_) {
            for (const auto& f : m.functions) {
                const FunctionHash* fh = hashes_->find(f.get());
                if (!fh || fh->crossModuleGroup || fh->calls.size() != f->targets.size())
                    hashes_ = nullptr;
                if (!hashes_) break;
            }
        }
    }

    bool run(std::vector<uint8_t>& out, std::string* error) {
        std::vector<Offset<fb::Function>> functions;
        for (const auto& f : m_.functions) {
            auto off = function(*f);
            if (!fw_.ok()) {
                if (error) *error = fw_.error();
                return false;
            }
            functions.push_back(off);
        }
        std::vector<Offset<fb::Lambda>> lambdas;
        for (const auto& l : m_.lambdas) {
            uint32_t index = 0;
            for (uint32_t i = 0; i < m_.functions.size(); ++i)
                if (m_.functions[i].get() == l->code) index = i;
            lambdas.push_back(fb::CreateLambda(b_, index, l->arity, l->numFree, l->uniq,
                                               b_.CreateString(l->name), l->portable));
        }
        // The oldest version that runs this code: a VM of that version loads it.
        uint32_t isa = vm::kOldestIsaVersion;
        for (const auto& f : m_.functions)
            isa = std::max(isa, vm::isaVersionNeeded(f->code));
        auto root = fb::CreateModule(b_, isa, b_.CreateString(atoms_.name(m_.name)),
                                     b_.CreateString(m_.fileName), b_.CreateString(m_.source),
                                     b_.CreateVector(functions), b_.CreateVector(lambdas),
                                     b_.CreateVector(m_.exports));
        b_.Finish(root, fb::ModuleIdentifier());
        detail::writePrefixed(detail::kPfbPrefix, b_, out);
        return true;
    }

  private:
    Offset<fb::Function> function(const vm::FunctionCode& f) {
        const FunctionHash* fh = hashes_ ? hashes_->find(&f) : nullptr;
        std::vector<Offset<fb::CallRef>> calls;
        for (size_t i = 0; i < f.targets.size(); ++i) {
            const vm::CallTarget* t = f.targets[i];
            // A linked module's remote targets are the runtime's export slots: not
            // owned by the module, and remote whatever module they name.
            bool remote = t->remote || t->module != m_.name || !owned_.count(t);
            Offset<flatbuffers::Vector<uint8_t>> pinned = 0;
            if (fh && fh->calls[i].kind == CodeRef::Kind::Hash)
                pinned = fw_.hash(fh->calls[i].hash);
            calls.push_back(fb::CreateCallRef(b_, fw_.atomName(t->module), fw_.atomName(t->name),
                                              t->arity, remote, pinned));
        }
        return fw_.function(f, f.code, b_.CreateVector(calls), f.lambdaIndex, f.sourceBegin,
                            f.sourceEnd, fh ? &fh->hash : nullptr);
    }

    const vm::ModuleCode& m_;
    const vm::AtomTable& atoms_;
    const HashSet* hashes_;
    std::unordered_set<const vm::CallTarget*> owned_;
    FlatBufferBuilder b_{4096};
    detail::FunctionWriter fw_{b_, atoms_};
};

} // namespace

bool writeModule(const vm::ModuleCode& module, const vm::AtomTable& atoms,
                 std::vector<uint8_t>& out, std::string* error, const HashSet* hashes) {
    return Writer(module, atoms, hashes).run(out, error);
}

bool looksLikePfb(std::span<const uint8_t> bytes) {
    return bytes.size() >= 4 && std::memcmp(bytes.data(), kPfbMagic, 4) == 0;
}

} // namespace pfun::loader
