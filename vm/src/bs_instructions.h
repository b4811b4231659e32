// The bit-syntax instructions (BS_BUILD, BS_START, BS_GET, BS_TEST_TAIL, BS_REST):
// building and matching binaries segment by segment. Private to the interpreter.
//
// A match state is simply the bitstring still to be matched: BS_GET replaces it by
// the rest after the segment it takes. States are immutable terms, so the compiler
// backtracks by keeping an earlier state in another register, and the collector
// needs to know nothing about them.
//
// Segment descriptors are literal tuples {Type, Unit, Flags} (see isa.h); sizes come
// from registers (a small integer in units, or an atom for the type's default / the
// whole rest).
#pragma once

#include "pfun/vm/process.h"
#include "pfun/vm/term.h"

#include <cstdint>

namespace pfun::vm {

// `count` segments whose value and size are regs[2i], regs[2i+1]; descriptor is a
// tuple of `count` segment tuples. nonValue (badarg recorded) on failure.
Term bsBuild(Process& p, const Term* regs, uint32_t count, Term descriptor);
// The match state for `t`, or nonValue when it is not a bitstring.
Term bsStart(Process& p, Term t);
// Takes one segment off the front of `state` (updated in place on success).
Term bsGet(Process& p, Term& state, Term size, Term segment);
// True if `state` has exactly `bits` bits left.
bool bsTestTail(Term state, uint64_t bits);
// The rest of the input as a bitstring.
Term bsRest(Process& p, Term state);

} // namespace pfun::vm
