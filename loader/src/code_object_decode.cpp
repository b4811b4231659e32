// Code object bytes -> verified DecodedObject (code_object.h). Order of checks: the
// prefix, the FlatBuffers verifier, decoding with a check on everything FlatBuffers
// cannot know (atoms, literals, reference kinds and indices, arities between
// members), the bytecode verifier on each member, and last the hashes: recomputed
// from the decoded members and compared with the stored ones.
#include "code_object_format.h"
#include "hash_internal.h"
#include "pfun/loader/code_object.h"
#include "pfun/loader/verify.h"

#include "pfun/vm/isa.h"

#include <unordered_map>

namespace pfun::loader {

namespace {

namespace fb = detail::fb;

class ObjectReader {
  public:
    explicit ObjectReader(vm::AtomTable& atoms) : atoms_(atoms) {}

    std::unique_ptr<DecodedObject> run(const fb::CodeObject& root) {
        if (root.isa_version() < vm::kOldestIsaVersion || root.isa_version() > vm::kIsaVersion)
            return fail("compiled for instruction set version " +
                        std::to_string(root.isa_version()) + ", this pfun runs versions " +
                        std::to_string(vm::kOldestIsaVersion) + " to " +
                        std::to_string(vm::kIsaVersion));
        const auto& members = *root.members();
        if (members.size() == 0) return fail("no members");
        if (members.size() > kMaxGroupMembers) return fail("too many members");
        auto obj = std::make_unique<DecodedObject>();
        obj_ = obj.get();
        stored_.resize(members.size());
        for (uint32_t i = 0; i < members.size(); ++i)
            if (!member(*members.Get(i), i)) return nullptr;
        if (!crossCheck()) return nullptr;
        for (uint32_t i = 0; i < obj->members.size(); ++i) {
            const DecodedMember& m = obj->members[i];
            if (vm::isaVersionNeeded(m.function().code) > root.isa_version())
                return fail("member #" + std::to_string(i) +
                            " uses instructions newer than the object's instruction set "
                            "version " +
                            std::to_string(root.isa_version()));
            std::string problems =
                verifyFunction(m.function(), m.module.get(), "member #" + std::to_string(i));
            if (!problems.empty()) {
                problems.resize(problems.find('\n'));
                return fail("invalid code: " + problems);
            }
        }
        if (!checkHashes()) return nullptr;
        return obj;
    }

    std::string error;

  private:
    std::nullptr_t fail(std::string reason) {
        if (error.empty()) error = std::move(reason);
        return nullptr;
    }

    // Room for the member's literals decoded (their external format is at least a
    // byte per word they take, plus small headers): most functions have a few.
    static size_t literalWords(const fb::Member& src) {
        size_t bytes = 0;
        if (const fb::Function* f = src.function())
            if (const auto* lits = f->literals())
                for (const fb::Literal* l : *lits)
                    bytes += l && l->ext() ? l->ext()->size() : 0;
        return std::min<size_t>(bytes / 2 + 8, vm::Heap::kMinBlockWords);
    }

    bool member(const fb::Member& src, uint32_t index) {
        const std::string where = "member #" + std::to_string(index) + ": ";
        const uint32_t count = uint32_t(stored_.size());
        DecodedMember& m = obj_->members.emplace_back();
        m.module =
            std::make_unique<vm::ModuleCode>(vm::ModuleCode::SmallLiterals{literalWords(src)});
        vm::ModuleCode& mod = *m.module;
        std::string reason;
        if (!detail::readAtom(src.module_(), atoms_, mod.name, "module name", reason))
            return fail(where + reason), false;
        if (src.file_name()) mod.fileName = src.file_name()->str();
        if (src.source()) mod.source = src.source()->str();
        auto fn = std::make_unique<vm::FunctionCode>();
        fn->module = mod.name;
        const fb::Function& f = *src.function();
        if (!detail::readFunctionBody(f, *fn, mod.literalHeap, atoms_, where, reason))
            return fail(reason), false;
        if (!detail::readHash(f.hash(), stored_[index], where + "hash", reason))
            return fail(reason), false;
        if (!stored_[index]) return fail(where + "hash missing"), false;
        if (f.lambda_index() != -1) return fail(where + "lambda index set"), false;
        if (fn->sourceBegin > fn->sourceEnd || fn->sourceEnd > mod.source.size())
            return fail(where + "source range outside its source text"), false;
        const auto* calls = f.calls();
        const auto* callMembers = src.call_members();
        const uint32_t nc = calls ? calls->size() : 0;
        if (callMembers && callMembers->size() != nc)
            return fail(where + "call_members and calls differ in length"), false;
        for (uint32_t t = 0; t < nc; ++t) {
            const fb::CallRef& c = *calls->Get(t);
            auto target = std::make_unique<vm::CallTarget>();
            if (!detail::readAtom(c.module_(), atoms_, target->module, "call target module",
                                  reason) ||
                !detail::readAtom(c.name(), atoms_, target->name, "call target name", reason))
                return fail(where + reason), false;
            target->arity = c.arity();
            ObjectRef r;
            std::optional<CodeHash> h;
            if (!detail::readHash(c.hash(), h, where + "call target hash", reason))
                return fail(reason), false;
            const int32_t cm = callMembers ? callMembers->Get(t) : -1;
            if (cm >= 0) {
                if (uint32_t(cm) >= count || h)
                    return fail(where + "call reference #" + std::to_string(t) +
                                " names a bad member"),
                           false;
                r.kind = ObjectRef::Kind::Member;
                r.member = uint32_t(cm);
            } else if (cm != -1) {
                return fail(where + "bad call member index"), false;
            } else if (h) {
                r.kind = ObjectRef::Kind::Hash;
                r.hash = *h;
            }
            target->remote = r.kind == ObjectRef::Kind::Name;
            fn->targets.push_back(target.get());
            mod.localTargets.push_back(std::move(target));
            m.calls.push_back(r);
        }
        if (const auto* lambdas = src.lambdas()) {
            if (lambdas->size() > kMaxLambdas) return fail(where + "too many lambdas"), false;
            for (uint32_t k = 0; k < lambdas->size(); ++k) {
                const fb::ObjectLambda& l = *lambdas->Get(k);
                auto e = std::make_unique<vm::FunEntry>();
                e->module = mod.name;
                e->index = k;
                e->arity = l.arity();
                e->numFree = l.num_free();
                e->uniq = l.uniq();
                if (l.name()) e->name = l.name()->str();
                ObjectRef r;
                std::optional<CodeHash> h;
                if (!detail::readHash(l.body_hash(), h, where + "lambda body hash", reason))
                    return fail(reason), false;
                if (l.body_member() >= 0 && !h && uint32_t(l.body_member()) < count) {
                    r.kind = ObjectRef::Kind::Member;
                    r.member = uint32_t(l.body_member());
                } else if (l.body_member() == -1 && h) {
                    r.kind = ObjectRef::Kind::Hash;
                    r.hash = *h;
                } else {
                    return fail(where + "lambda #" + std::to_string(k) + " has no valid body"),
                           false;
                }
                mod.lambdas.push_back(std::move(e));
                m.lambdas.push_back(r);
            }
        }
        m.createdLambdas = mod.lambdas.size();
        if (src.is_lambda()) {
            auto e = std::make_unique<vm::FunEntry>();
            e->code = fn.get();
            e->module = mod.name;
            e->index = uint32_t(mod.lambdas.size());
            e->arity = src.lambda_arity();
            e->numFree = src.lambda_num_free();
            e->uniq = src.lambda_uniq();
            if (src.lambda_name()) e->name = src.lambda_name()->str();
            e->portable = src.lambda_portable();
            fn->lambdaIndex = int32_t(mod.lambdas.size());
            mod.lambdas.push_back(std::move(e));
        }
        // MAKE_FUN may create only the lambdas listed, never the member's own entry.
        for (size_t pc = 0; pc < fn->code.size();) {
            const uint32_t w = fn->code[pc];
            if (size_t(vm::decodeOp(w)) >= size_t(vm::Opcode::Count)) break; // the verifier says
            const vm::OpcodeInfo& info = vm::opcodeInfo(vm::decodeOp(w));
            for (uint32_t k = 0; k < info.wordCount && pc + 1 + k < fn->code.size(); ++k)
                if (info.words[k] == vm::Operand::L && fn->code[pc + 1 + k] >= m.createdLambdas)
                    return fail(where + "lambda operand out of range at " + std::to_string(pc)),
                           false;
            pc += 1 + info.wordCount;
        }
        mod.functions.push_back(std::move(fn));
        return true;
    }

    // What needs every member decoded: calls to members agree on arity and never reach
    // a lambda body; lambdas whose body is a member agree with the body's entry.
    bool crossCheck() {
        for (size_t i = 0; i < obj_->members.size(); ++i) {
            DecodedMember& m = obj_->members[i];
            const std::string where = "member #" + std::to_string(i) + ": ";
            for (size_t t = 0; t < m.calls.size(); ++t) {
                if (m.calls[t].kind != ObjectRef::Kind::Member) continue;
                const vm::FunctionCode& callee = obj_->members[m.calls[t].member].function();
                if (callee.lambdaIndex >= 0 || callee.arity != m.function().targets[t]->arity)
                    return fail(where + "call reference #" + std::to_string(t) +
                                " disagrees with the member it names"),
                           false;
            }
            for (size_t k = 0; k < m.lambdas.size(); ++k) {
                if (m.lambdas[k].kind != ObjectRef::Kind::Member) continue;
                DecodedMember& body = obj_->members[m.lambdas[k].member];
                vm::FunEntry& e = *m.module->lambdas[k];
                const vm::FunctionCode& bf = body.function();
                if (bf.lambdaIndex < 0 ||
                    !sameShape(e, *body.module->lambdas[size_t(bf.lambdaIndex)]))
                    return fail(where + "lambda #" + std::to_string(k) +
                                " disagrees with the member it names"),
                           false;
                e.code = &bf;
                e.portable = body.module->lambdas[size_t(bf.lambdaIndex)]->portable;
            }
        }
        return true;
    }

    static bool sameShape(const vm::FunEntry& a, const vm::FunEntry& b) {
        return a.arity == b.arity && a.numFree == b.numFree;
    }

    // Recomputes every member's hash: calls and lambda bodies by hash as stored, by
    // member as decoded, by name as named. The members must form exactly one group
    // in the stored order, with exactly the stored hashes.
    bool checkHashes() {
        std::unordered_map<const vm::ModuleCode*, size_t> position;
        std::vector<const vm::ModuleCode*> mods;
        for (size_t i = 0; i < obj_->members.size(); ++i) {
            position.emplace(obj_->members[i].module.get(), i);
            mods.push_back(obj_->members[i].module.get());
        }
        auto resolve = [&](const vm::ModuleCode& mod, const vm::FunctionCode&,
                           size_t t) -> detail::Resolved {
            const ObjectRef& r = obj_->members[position.at(&mod)].calls[t];
            detail::Resolved out;
            if (r.kind == ObjectRef::Kind::Hash) {
                out.kind = detail::Resolved::Kind::Pinned;
                out.hash = r.hash;
            } else if (r.kind == ObjectRef::Kind::Member) {
                out.kind = detail::Resolved::Kind::Internal;
                out.callee = &obj_->members[r.member].function();
            }
            return out;
        };
        auto lambdaBody = [&](const vm::ModuleCode& mod, uint32_t l) -> std::optional<CodeHash> {
            const DecodedMember& m = obj_->members[position.at(&mod)];
            if (l < m.lambdas.size() && m.lambdas[l].kind == ObjectRef::Kind::Hash)
                return m.lambdas[l].hash;
            return std::nullopt;
        };
        HashSet set;
        std::string reason;
        if (!detail::hashWithResolver(mods, atoms_, resolve, set, &reason, lambdaBody))
            return fail("cannot hash: " + reason), false;
        const size_t n = obj_->members.size();
        for (size_t i = 0; i < n; ++i) {
            DecodedMember& m = obj_->members[i];
            const FunctionHash* fh = set.find(&m.function());
            if (!fh) return fail("cannot hash member #" + std::to_string(i)), false;
            if (fh->hash != *stored_[i])
                return fail("member #" + std::to_string(i) + " (" + atoms_.name(m.function().name) +
                            "/" + std::to_string(m.function().arity) + "): stored hash " +
                            toHex(*stored_[i]) + " does not match the code's hash " +
                            toHex(fh->hash)),
                       false;
            if (fh->groupSize != n || fh->groupIndex != i ||
                fh->group != set.functions.front().group)
                return fail("the members do not form one group in group order"), false;
            m.hash = fh->hash;
            obj_->group = fh->group;
        }
        for (DecodedMember& m : obj_->members)
            for (ObjectRef& r : m.calls)
                if (r.kind == ObjectRef::Kind::Member) r.hash = obj_->members[r.member].hash;
        for (DecodedMember& m : obj_->members)
            for (ObjectRef& r : m.lambdas)
                if (r.kind == ObjectRef::Kind::Member) r.hash = obj_->members[r.member].hash;
        return true;
    }

    static constexpr uint32_t kMaxLambdas = 1u << 16;

    vm::AtomTable& atoms_;
    DecodedObject* obj_ = nullptr;
    std::vector<std::optional<CodeHash>> stored_;
};

} // namespace

std::unique_ptr<DecodedObject> decodeObject(std::span<const uint8_t> bytes, vm::AtomTable& atoms,
                                            std::string* error, const CodeHash* expected) {
    auto fail = [&](std::string reason) -> std::unique_ptr<DecodedObject> {
        if (error) *error = std::move(reason);
        return nullptr;
    };
    if (bytes.size() > kMaxObjectBytes) return fail("code object too large");
    std::span<const uint8_t> body;
    std::vector<uint8_t> aligned;
    std::string reason;
    if (!detail::readPrefixed(detail::kObjectPrefix, bytes, body, aligned, reason))
        return fail(reason);
    flatbuffers::Verifier verifier(body.data(), body.size());
    if (!detail::fb::VerifyCodeObjectBuffer(verifier))
        return fail("corrupt code object (FlatBuffers verification failed)");
    ObjectReader reader(atoms);
    auto obj = reader.run(*detail::fb::GetCodeObject(body.data()));
    if (!obj) return fail(reader.error);
    obj->byteSize = bytes.size();
    if (expected && !obj->find(*expected))
        return fail("the object does not hold " + toHex(*expected));
    return obj;
}

} // namespace pfun::loader
