#include "wire.h"

#include "pfun/net/node.h"
#include "pfun/vm/external.h"
#include "pfun/vm/runtime.h"

#include <cstring>

namespace pfun::net {

Bytes frameOf(std::span<const uint8_t> envelope) {
    Bytes out(kLengthBytes + envelope.size());
    uint32_t n = uint32_t(envelope.size());
    out[0] = uint8_t(n >> 24);
    out[1] = uint8_t(n >> 16);
    out[2] = uint8_t(n >> 8);
    out[3] = uint8_t(n);
    if (!envelope.empty()) std::memcpy(out.data() + kLengthBytes, envelope.data(), envelope.size());
    return out;
}

Bytes frameOf(const flatbuffers::FlatBufferBuilder& fbb) {
    return frameOf(std::span<const uint8_t>(fbb.GetBufferPointer(), fbb.GetSize()));
}

void finishEnvelope(flatbuffers::FlatBufferBuilder& fbb, wire::Body type,
                    flatbuffers::Offset<void> body) {
    fbb.Finish(wire::CreateEnvelope(fbb, kProtocolVersion, type, body));
}

const wire::Envelope* verifiedEnvelope(std::span<const uint8_t> bytes) {
    // Depth and table limits bound the verifier's own work on hostile input.
    flatbuffers::Verifier verifier(bytes.data(), bytes.size(), 64, 1000000);
    if (!wire::VerifyEnvelopeBuffer(verifier)) return nullptr;
    const wire::Envelope* env = wire::GetEnvelope(bytes.data());
    if (env->body_type() == wire::Body_NONE || env->body() == nullptr) return nullptr;
    return env;
}

const char* bodyName(wire::Body type) {
    const char* name = wire::EnumNameBody(type);
    return name && *name ? name : "unknown";
}

vm::Term decodeTerm(vm::Runtime& rt, vm::Heap& heap, const flatbuffers::Vector<uint8_t>* bytes,
                    vm::Term localNode) {
    if (!bytes || bytes->size() == 0) return vm::Term::nonValue();
    vm::FunResolver funs = [&rt](vm::Term module, uint32_t index, uint32_t uniq) {
        const vm::ModuleCode* m = rt.findModule(module);
        if (!m || index >= m->lambdas.size()) return static_cast<const vm::FunEntry*>(nullptr);
        const vm::FunEntry* e = m->lambdas[index].get();
        return e && e->uniq == uniq ? e : nullptr;
    };
    return vm::binaryToTerm(heap, bytes->data(), bytes->size(), rt.atoms(), nullptr, localNode,
                            &funs);
}

} // namespace pfun::net
