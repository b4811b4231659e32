// erlang:phash2/1,2: the portable term hash.
//
// The value must equal erl's for the same term on any machine, because programs
// persist it and partition data by it. So this follows the algorithm OTP documents as
// frozen ("the hashing algorithm should never change"): Bob Jenkins' 96-bit mix over
// 32-bit pieces of the term, with one multiple of the golden-ratio constant per term
// kind; atoms hash by hashpjw of their name; strings of bytes pack four characters per
// mix; binaries go through Jenkins' block hash; map entries hash independently and
// combine with xor, so the map's representation and order do not matter.
//
// Exact for numbers, atoms, lists, tuples, binaries and bitstrings, maps and external
// funs (fun M:F/A). Local funs, pids and references hash from our own identities
// (their erl values depend on the node and the compiled module), deterministically.
//
// Walks the term with an explicit stack.
#pragma once

#include "pfun/vm/atom.h"
#include "pfun/vm/term.h"

#include <cstdint>

namespace pfun::vm {

// The full 32-bit hash (erts make_hash2).
uint32_t phash2Full(Term, const AtomTable&);
// erlang:phash2/1: 0..2^27-1.
inline uint32_t phash2(Term t, const AtomTable& atoms) {
    return phash2Full(t, atoms) & ((1u << 27) - 1);
}
// erlang:phash2/2 with 1 <= range <= 2^32: 0..range-1.
inline uint32_t phash2(Term t, const AtomTable& atoms, uint64_t range) {
    uint32_t h = phash2Full(t, atoms);
    return range >= (uint64_t(1) << 32) ? h : static_cast<uint32_t>(h % range);
}
// hashpjw of an atom's name, as erts keeps it for every atom.
uint32_t atomNameHash(Term atom, const AtomTable&);

} // namespace pfun::vm
