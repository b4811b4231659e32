// ModuleCode -> .pfb bytes. Everything is written symbolically (names, not atom or
// BIF-table numbers), so the file means the same in any runtime.
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
            if (!ok_) {
                if (error) *error = error_;
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
        auto root = fb::CreateModule(b_, vm::kIsaVersion, b_.CreateString(atoms_.name(m_.name)),
                                     b_.CreateString(m_.fileName), b_.CreateString(m_.source),
                                     b_.CreateVector(functions), b_.CreateVector(lambdas),
                                     b_.CreateVector(m_.exports));
        b_.Finish(root, fb::ModuleIdentifier());
        out.assign(kPfbPrefixSize + b_.GetSize(), 0);
        std::memcpy(out.data(), kPfbMagic, 4);
        const uint32_t size = b_.GetSize();
        for (size_t i = 0; i < 4; ++i) {
            out[4 + i] = uint8_t(kPfbFormatVersion >> (8 * i));
            out[8 + i] = uint8_t(size >> (8 * i));
        }
        std::memcpy(out.data() + kPfbPrefixSize, b_.GetBufferPointer(), b_.GetSize());
        return true;
    }

  private:
    Offset<fb::Literal> literal(vm::Term t) {
        bytes_.clear();
        if (!vm::encodeTerm(t, atoms_, bytes_)) {
            ok_ = false;
            error_ = "a literal cannot be encoded in the external term format";
        }
        return fb::CreateLiteral(b_, b_.CreateVector(bytes_));
    }

    Offset<flatbuffers::String> atomName(vm::Term atom) {
        return b_.CreateString(atom.isAtom() ? atoms_.name(atom) : std::string());
    }

    Offset<flatbuffers::Vector<uint8_t>> hash(const CodeHash& h) {
        return b_.CreateVector(h.data(), h.size());
    }

    Offset<fb::Function> function(const vm::FunctionCode& f) {
        const FunctionHash* fh = hashes_ ? hashes_->find(&f) : nullptr;
        std::vector<Offset<fb::Literal>> literals;
        for (vm::Term t : f.literals)
            literals.push_back(literal(t));
        std::vector<Offset<fb::CallRef>> calls;
        for (size_t i = 0; i < f.targets.size(); ++i) {
            const vm::CallTarget* t = f.targets[i];
            // A linked module's remote targets are the runtime's export slots: not
            // owned by the module, and remote whatever module they name.
            bool remote = t->remote || t->module != m_.name || !owned_.count(t);
            Offset<flatbuffers::Vector<uint8_t>> pinned = 0;
            if (fh && fh->calls[i].kind == CodeRef::Kind::Hash) pinned = hash(fh->calls[i].hash);
            calls.push_back(fb::CreateCallRef(b_, atomName(t->module), atomName(t->name), t->arity,
                                              remote, pinned));
        }
        std::vector<Offset<fb::BifRef>> bifs;
        if (!f.bifs.empty()) {
            for (const vm::BifEntry* e : f.bifs)
                bifs.push_back(
                    fb::CreateBifRef(b_, atomName(e->module), atomName(e->name), e->arity));
        } else {
            for (const vm::BifName& e : f.bifNames)
                bifs.push_back(fb::CreateBifRef(b_, atomName(e.module), atomName(e.name), e.arity));
        }
        std::vector<Offset<fb::JumpTable>> tables;
        for (const vm::JumpTable& t : f.tables) {
            // In memory, entries are ordered by raw term word, which depends on the
            // runtime's atom numbering; on file they are ordered by their encoding,
            // so that a module has one image whichever runtime compiled it.
            std::vector<std::pair<std::vector<uint8_t>, int32_t>> entries;
            for (size_t i = 0; i < t.values.size() && i < t.targets.size(); ++i) {
                bytes_.clear();
                if (!vm::encodeTerm(t.values[i], atoms_, bytes_)) {
                    ok_ = false;
                    error_ = "a jump-table value cannot be encoded in the external term format";
                }
                entries.emplace_back(bytes_, t.targets[i]);
            }
            std::stable_sort(entries.begin(), entries.end(),
                             [](const auto& x, const auto& y) { return x.first < y.first; });
            std::vector<Offset<fb::Literal>> values;
            std::vector<int32_t> targets;
            for (const auto& [ext, target] : entries) {
                values.push_back(fb::CreateLiteral(b_, b_.CreateVector(ext)));
                targets.push_back(target);
            }
            tables.push_back(
                fb::CreateJumpTable(b_, b_.CreateVector(values), b_.CreateVector(targets)));
        }
        std::vector<fb::LineEntry> lines;
        for (const vm::LineEntry& e : f.lines)
            lines.emplace_back(e.pc, e.line);
        return fb::CreateFunction(
            b_, atomName(f.name), f.arity, f.frameSize, b_.CreateVector(f.code),
            b_.CreateVector(literals), b_.CreateVector(calls), b_.CreateVector(bifs),
            b_.CreateVector(tables), b_.CreateVectorOfStructs(lines), f.lambdaIndex, f.sourceBegin,
            f.sourceEnd, fh ? hash(fh->hash) : 0);
    }

    const vm::ModuleCode& m_;
    const vm::AtomTable& atoms_;
    const HashSet* hashes_;
    std::unordered_set<const vm::CallTarget*> owned_;
    FlatBufferBuilder b_{4096};
    std::vector<uint8_t> bytes_;
    bool ok_ = true;
    std::string error_;
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
