// Function bodies and the prefix shared by .pfb modules and code objects
// (fb_function.h).
#include "fb_function.h"
#include "pfun/loader/pfb.h"

#include "pfun/vm/external.h"

#include <algorithm>
#include <cstring>
#include <optional>

namespace pfun::loader::detail {

void writePrefixed(const Prefix& prefix, const flatbuffers::FlatBufferBuilder& b,
                   std::vector<uint8_t>& out) {
    const uint32_t size = b.GetSize();
    out.assign(kPfbPrefixSize + size, 0);
    std::memcpy(out.data(), prefix.magic, 4);
    for (size_t i = 0; i < 4; ++i) {
        out[4 + i] = uint8_t(prefix.version >> (8 * i));
        out[8 + i] = uint8_t(size >> (8 * i));
    }
    std::memcpy(out.data() + kPfbPrefixSize, b.GetBufferPointer(), size);
}

bool readPrefixed(const Prefix& prefix, std::span<const uint8_t> bytes,
                  std::span<const uint8_t>& body, std::vector<uint8_t>& aligned,
                  std::string& error) {
    const std::string what(prefix.what);
    if (bytes.size() < kPfbPrefixSize || std::memcmp(bytes.data(), prefix.magic, 4) != 0)
        return error = "not " + what + " (bad magic bytes)", false;
    auto word = [&](size_t at) {
        uint32_t v = 0;
        for (size_t i = 0; i < 4; ++i)
            v |= uint32_t(bytes[at + i]) << (8 * i);
        return v;
    };
    // "a .pfb file" -> ".pfb file": the noun without its article.
    const std::string noun = what.substr(what.find(' ') + 1);
    const uint32_t version = word(4);
    if (version != prefix.version)
        return error = "unsupported " + std::string(prefix.format) + " format version " +
                       std::to_string(version) + " (this pfun reads version " +
                       std::to_string(prefix.version) + ")",
               false;
    body = bytes.subspan(kPfbPrefixSize);
    const uint32_t declared = word(8);
    if (body.size() < declared)
        return error = "truncated " + noun + " (" + std::to_string(bytes.size()) + " bytes of " +
                       std::to_string(uint64_t(declared) + kPfbPrefixSize) + ")",
               false;
    if (body.size() > declared)
        return error = std::to_string(body.size() - declared) + " unexpected bytes after " +
                       std::string(prefix.body),
               false;
    if (word(12) != 0) return error = "reserved prefix word is not zero", false;
    // FlatBuffers reads scalars in place: give it an 8-byte aligned copy when needed.
    if (reinterpret_cast<uintptr_t>(body.data()) % 8 != 0) {
        aligned.assign(body.begin(), body.end());
        body = aligned;
    }
    if (body.size() >= FLATBUFFERS_MAX_BUFFER_SIZE) return error = noun + " too large", false;
    return true;
}

flatbuffers::Offset<flatbuffers::String> FunctionWriter::atomName(vm::Term atom) {
    return b_.CreateString(atom.isAtom() ? atoms_.name(atom) : std::string());
}

flatbuffers::Offset<flatbuffers::Vector<uint8_t>> FunctionWriter::hash(const CodeHash& h) {
    return b_.CreateVector(h.data(), h.size());
}

flatbuffers::Offset<fb::Literal> FunctionWriter::literal(vm::Term t) {
    bytes_.clear();
    if (!vm::encodeTerm(t, atoms_, bytes_)) {
        ok_ = false;
        error_ = "a literal cannot be encoded in the external term format";
    }
    return fb::CreateLiteral(b_, b_.CreateVector(bytes_));
}

flatbuffers::Offset<fb::Function> FunctionWriter::function(
    const vm::FunctionCode& f, std::span<const uint32_t> code,
    flatbuffers::Offset<flatbuffers::Vector<flatbuffers::Offset<fb::CallRef>>> calls,
    int32_t lambdaIndex, uint32_t sourceBegin, uint32_t sourceEnd, const CodeHash* h) {
    using flatbuffers::Offset;
    std::vector<Offset<fb::Literal>> literals;
    for (vm::Term t : f.literals)
        literals.push_back(literal(t));
    std::vector<Offset<fb::BifRef>> bifs;
    if (!f.bifs.empty()) {
        for (const vm::BifEntry* e : f.bifs)
            bifs.push_back(fb::CreateBifRef(b_, atomName(e->module), atomName(e->name), e->arity));
    } else {
        for (const vm::BifName& e : f.bifNames)
            bifs.push_back(fb::CreateBifRef(b_, atomName(e.module), atomName(e.name), e.arity));
    }
    std::vector<Offset<fb::JumpTable>> tables;
    for (const vm::JumpTable& t : f.tables) {
        // In memory, entries are ordered by raw term word, which depends on the
        // runtime's atom numbering; stored, they are ordered by their encoding, so
        // that code has one image whichever runtime compiled it.
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
        b_, atomName(f.name), f.arity, f.frameSize, b_.CreateVector(code.data(), code.size()),
        b_.CreateVector(literals), calls, b_.CreateVector(bifs), b_.CreateVector(tables),
        b_.CreateVectorOfStructs(lines), lambdaIndex, sourceBegin, sourceEnd, h ? hash(*h) : 0);
}

bool readAtom(const flatbuffers::String* s, vm::AtomTable& atoms, vm::Term& out,
              std::string_view what, std::string& error) {
    if (!s) return error = std::string(what) + " missing", false;
    auto a = atoms.intern(std::string_view(s->data(), s->size()));
    if (!a) return error = std::string(what) + " is not a valid atom", false;
    out = *a;
    return true;
}

bool readLiteral(const fb::Literal* lit, vm::Heap& heap, vm::AtomTable& atoms, vm::Term& out,
                 std::string& error) {
    if (!lit || !lit->ext()) return error = "literal missing", false;
    const auto* ext = lit->ext();
    out = vm::binaryToTerm(heap, ext->data(), ext->size(), atoms);
    if (out.isNonValue()) return error = "malformed literal (external term format)", false;
    return true;
}

bool readHash(const flatbuffers::Vector<uint8_t>* v, std::optional<CodeHash>& out,
              std::string_view what, std::string& error) {
    out.reset();
    if (!v) return true;
    if (v->size() != 16) return error = std::string(what) + " is not 16 bytes", false;
    CodeHash h{};
    std::copy(v->begin(), v->end(), h.begin());
    out = h;
    return true;
}

bool readFunctionBody(const fb::Function& f, vm::FunctionCode& fn, vm::Heap& heap,
                      vm::AtomTable& atoms, std::string_view where, std::string& error) {
    const std::string at(where);
    if (!readAtom(f.name(), atoms, fn.name, "function name", error)) return false;
    fn.arity = f.arity();
    fn.frameSize = f.frame_size();
    if (f.code()->size() > kMaxCodeWords) return error = at + "too much code", false;
    fn.code.assign(f.code()->begin(), f.code()->end());
    if (const auto* lits = f.literals()) {
        fn.literals.resize(lits->size());
        for (uint32_t i = 0; i < lits->size(); ++i)
            if (!readLiteral(lits->Get(i), heap, atoms, fn.literals[i], error)) return false;
    }
    if (const auto* bifs = f.bifs()) {
        for (const fb::BifRef* b : *bifs) {
            vm::BifName n;
            if (!readAtom(b->module_(), atoms, n.module, "BIF module", error) ||
                !readAtom(b->name(), atoms, n.name, "BIF name", error))
                return false;
            n.arity = b->arity();
            fn.bifNames.push_back(n);
        }
    }
    if (const auto* tables = f.tables()) {
        for (const fb::JumpTable* t : *tables) {
            if (t->values()->size() != t->targets()->size())
                return error = at + "jump table values and targets differ in length", false;
            vm::JumpTable jt;
            std::vector<std::pair<vm::Term, int32_t>> entries(t->values()->size());
            for (uint32_t i = 0; i < entries.size(); ++i) {
                if (!readLiteral(t->values()->Get(i), heap, atoms, entries[i].first, error))
                    return false;
                entries[i].second = t->targets()->Get(i);
            }
            // Atom numbers differ between runtimes: restore the order by raw word that
            // lets the interpreter binary-search tables of immediates.
            std::stable_sort(entries.begin(), entries.end(), [](const auto& x, const auto& y) {
                return x.first.raw() < y.first.raw();
            });
            for (const auto& [v, target] : entries) {
                jt.values.push_back(v);
                jt.targets.push_back(target);
            }
            fn.tables.push_back(std::move(jt));
        }
    }
    if (const auto* lines = f.lines()) {
        for (const fb::LineEntry* e : *lines)
            fn.lines.push_back({e->pc(), e->line()});
    }
    fn.sourceBegin = f.source_begin();
    fn.sourceEnd = f.source_end();
    return true;
}

} // namespace pfun::loader::detail
