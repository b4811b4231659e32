// Frames: building and checking the bytes of one Envelope (net/schema/wire.fbs).
//
// A frame on the wire is a 4-byte big-endian length and then the envelope bytes.
// Frames are built whole (length prefix included) by the thread that sends them, so
// the connection's writer only moves finished byte strings to the socket.
#pragma once

#include "wire_generated.h"

#include "pfun/vm/heap.h"
#include "pfun/vm/term.h"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace pfun::vm {
class Runtime;
}

namespace pfun::net {

using Bytes = std::vector<uint8_t>;

inline constexpr size_t kLengthBytes = 4;

// The frame (length prefix + envelope) for a finished builder.
Bytes frameOf(const flatbuffers::FlatBufferBuilder& fbb);
// The frame for an envelope built elsewhere.
Bytes frameOf(std::span<const uint8_t> envelope);

// Finishes `fbb` with an Envelope of the current version around `body`.
void finishEnvelope(flatbuffers::FlatBufferBuilder& fbb, wire::Body type,
                    flatbuffers::Offset<void> body);

// Runs the FlatBuffers verifier over an envelope; nullptr when it fails.
const wire::Envelope* verifiedEnvelope(std::span<const uint8_t> bytes);

// Name of a body kind, for log lines.
const char* bodyName(wire::Body type);

// A term from the external term format; nonValue when malformed. Local funs are
// found among the runtime's loaded modules; pids of `localNode` become local pids.
vm::Term decodeTerm(vm::Runtime& rt, vm::Heap& heap, const flatbuffers::Vector<uint8_t>* bytes,
                    vm::Term localNode);

// Length prefix helpers.
inline uint32_t readLength(const uint8_t* p) {
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}

} // namespace pfun::net
