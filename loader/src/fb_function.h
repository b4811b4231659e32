// The pieces shared by the two FlatBuffers formats of the loader: .pfb modules
// (pfb.fbs) and code objects (code_object.fbs, which includes pfb.fbs's tables).
//
// Both store a function body the same way — name, arity, frame size, code words,
// literals in the external term format, BIFs by name, jump tables ordered by their
// encoded values, line table, source range — and differ only in how a function names
// other code (module-relative call targets and lambda table versus hashes and group
// members). So the body is written and read here, and each format adds its call
// references and lambda information itself. Both also sit behind the same 16-byte
// prefix (magic, version, length, reserved zero word).
//
// Everything here reports malformed input with a reason (never a crash or an
// exception); nothing is published.
#pragma once

#include "pfb_generated.h"
#include "pfun/loader/hash.h"
#include "pfun/loader/pfb.h"

#include "pfun/vm/atom.h"
#include "pfun/vm/code.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace pfun::loader::detail {

namespace fb = pfun::loader::fb;

// Generous bounds that keep a hostile input from asking for absurd work; real code is
// far below each.
inline constexpr uint32_t kMaxCodeWords = 1u << 24;

// The 16-byte prefix: magic, version, FlatBuffer length, reserved zero.
struct Prefix {
    const uint8_t* magic; // 4 bytes
    uint32_t version;
    std::string_view what;   // "a .pfb file", "a code object": used in reasons
    std::string_view format; // ".pfb", "code object": "unsupported <format> format version"
    std::string_view body;   // what follows the FlatBuffer in reasons: "the module"
};

inline constexpr Prefix kPfbPrefix{kPfbMagic, kPfbFormatVersion, "a .pfb file", ".pfb",
                                   "the module"};

// Appends prefix + the finished FlatBuffer of `b` to `out` (which is replaced).
void writePrefixed(const Prefix& prefix, const flatbuffers::FlatBufferBuilder& b,
                   std::vector<uint8_t>& out);

// Checks the prefix of `bytes`. On success `body` is the FlatBuffer, 8-byte aligned
// (copied into `aligned` when it was not) and no larger than FlatBuffers allows.
bool readPrefixed(const Prefix& prefix, std::span<const uint8_t> bytes,
                  std::span<const uint8_t>& body, std::vector<uint8_t>& aligned,
                  std::string& error);

// Writes a function body. The caller supplies what differs between the formats:
// `code` (the words to store, e.g. with L operands renumbered), the call references,
// the lambda index, the source range and the hash (optional).
class FunctionWriter {
  public:
    FunctionWriter(flatbuffers::FlatBufferBuilder& b, const vm::AtomTable& atoms)
        : b_(b), atoms_(atoms) {}

    flatbuffers::Offset<flatbuffers::String> atomName(vm::Term atom);
    flatbuffers::Offset<flatbuffers::Vector<uint8_t>> hash(const CodeHash& h);

    flatbuffers::Offset<fb::Function>
    function(const vm::FunctionCode& f, std::span<const uint32_t> code,
             flatbuffers::Offset<flatbuffers::Vector<flatbuffers::Offset<fb::CallRef>>> calls,
             int32_t lambdaIndex, uint32_t sourceBegin, uint32_t sourceEnd, const CodeHash* hash);

    // False once a literal or jump-table value could not be encoded.
    bool ok() const { return ok_; }
    const std::string& error() const { return error_; }

  private:
    flatbuffers::Offset<fb::Literal> literal(vm::Term t);

    flatbuffers::FlatBufferBuilder& b_;
    const vm::AtomTable& atoms_;
    std::vector<uint8_t> bytes_;
    bool ok_ = true;
    std::string error_;
};

// Interns a name that must be a valid atom; `what` names it in the reason.
bool readAtom(const flatbuffers::String* s, vm::AtomTable& atoms, vm::Term& out,
              std::string_view what, std::string& error);

// Decodes a literal into `heap`.
bool readLiteral(const fb::Literal* lit, vm::Heap& heap, vm::AtomTable& atoms, vm::Term& out,
                 std::string& error);

// Reads a 16-byte hash field; false (with a reason) when present with another length.
bool readHash(const flatbuffers::Vector<uint8_t>* v, std::optional<CodeHash>& out,
              std::string_view what, std::string& error);

// Decodes the shared part of a function body into `fn` (name, arity, frame size,
// code, literals and jump-table values into `heap`, BIFs by name, lines, source
// range). `fn.module` is left as it is; call references and the lambda index are
// the caller's. `where` prefixes reasons.
bool readFunctionBody(const fb::Function& f, vm::FunctionCode& fn, vm::Heap& heap,
                      vm::AtomTable& atoms, std::string_view where, std::string& error);

} // namespace pfun::loader::detail
