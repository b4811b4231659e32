// The external term format: erlang:term_to_binary/1 and binary_to_term/1.
//
// Encoding produces exactly the bytes erl (OTP 25) produces for the same term, for
// every kind we can represent: integers (SMALL_INTEGER_EXT, INTEGER_EXT, SMALL_BIG_EXT,
// LARGE_BIG_EXT), floats (NEW_FLOAT_EXT), atoms (ATOM_EXT when every character is
// Latin-1, else SMALL_ATOM_UTF8_EXT/ATOM_UTF8_EXT, as OTP 25 chooses), tuples, nil,
// strings (STRING_EXT for lists of bytes up to 65535 long), lists, binaries
// (BINARY_EXT, BIT_BINARY_EXT), maps (MAP_EXT), pids (NEW_PID_EXT), references
// (NEWER_REFERENCE_EXT) and external funs (EXPORT_EXT). Local funs are written as
// NEW_FUN_EXT with our own uniq (erl puts its module's MD5 there) and a placeholder
// pid; they decode only where a FunResolver finds the same lambda (module, index,
// uniq) loaded, so they round-trip within a node. Map entries are written in MapOrder::List
// (map.h), which is erl's order except for large maps whose keys contain atoms.
//
// Decoding accepts everything the encoder writes plus the older forms erl accepts
// (SMALL_ATOM_EXT, ATOM_EXT with Latin-1, NEW_REFERENCE_EXT, PID_EXT, NEW_PID_EXT,
// FLOAT_EXT). It is written for hostile input: every length is checked against the
// bytes that remain before anything is allocated (so allocation is bounded by the
// input size), nesting is walked with an explicit stack bounded by kMaxDecodeDepth,
// and any malformed input yields nonValue (the caller raises badarg). Atoms are
// interned as they are read, so a malformed input may still have added atoms.
#pragma once

#include "pfun/vm/atom.h"
#include "pfun/vm/heap.h"
#include "pfun/vm/term.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace pfun::vm {

inline constexpr size_t kMaxDecodeDepth = size_t(1) << 20;

struct FunEntry;
// Finds the lambda a NEW_FUN_EXT names: (module, index, uniq) -> entry, or nullptr.
using FunResolver = std::function<const FunEntry*(Term module, uint32_t index, uint32_t uniq)>;

// Appends the encoding of `t` (with the leading version byte 131) to `out`. Returns
// false (out unspecified) when `t` contains a term kind that cannot be encoded.
// `localNode` names the node of local pids and references (an atom).
bool encodeTerm(Term t, const AtomTable&, std::vector<uint8_t>& out,
                Term localNode = atoms::kNonode);
// term_to_binary/2 with [compressed] / {compressed, Level}: zlib at `level` (1..9, erl's
// default 6) when that is smaller, else the plain encoding; level 0 means plain.
bool encodeTermCompressed(Term t, const AtomTable&, std::vector<uint8_t>& out, int level = 6,
                          Term localNode = atoms::kNonode);
// term_to_binary/1: the encoding as a binary, or nonValue (badarg).
Term termToBinary(Heap&, Term, const AtomTable&, Term localNode = atoms::kNonode);

// binary_to_term/1 over bytes starting with 131 (compressed or not). nonValue when
// malformed or when bytes follow the term. `used` (optional) receives the bytes consumed, and then
// trailing bytes are allowed (binary_to_term/2 with `used`).
Term binaryToTerm(Heap&, const uint8_t* data, size_t size, AtomTable&, size_t* used = nullptr,
                  Term localNode = atoms::kNonode, const FunResolver* funs = nullptr);

} // namespace pfun::vm
