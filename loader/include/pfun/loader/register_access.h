// Which registers an instruction reads and writes, and whether control can fall
// through it: the one definition of an instruction's register effect. The
// verifier's data-flow pass checks reads against it (written before read, never a
// list builder) and the compiler tests' register-window checker runs its liveness
// analysis on it, so the two cannot drift apart as opcodes are added.
//
// Reads are windows (a call reads its whole argument window, TUPLE its elements);
// writes are single registers. A call (`call`) also leaves garbage in every register
// above its base, writes[0]. TRY and CATCH write their result registers at the
// handler, not here; a test's writes (TEST_GET_LIST, BS_GET) happen on its success
// edge only.
#pragma once

#include "pfun/vm/code.h"
#include "pfun/vm/isa.h"

#include <cstdint>

namespace pfun::loader {

struct RegisterAccess {
    // Read windows [first, first + count).
    struct Window {
        uint32_t first, count;
    };
    Window reads[3];
    int readCount = 0;
    uint32_t writes[2];
    int writeCount = 0;
    bool call = false; // leaves garbage above writes[0]

    void read(uint32_t first, uint32_t count = 1) { reads[readCount++] = {first, count}; }
    void write(uint32_t r) { writes[writeCount++] = r; }
};

// The instruction at `pc` of `fn` (its operands already checked to be in range).
// `module` gives MAKE_FUN's number of captured values (none without it).
RegisterAccess registerAccess(const vm::FunctionCode& fn, const vm::ModuleCode* module,
                              uint32_t pc);

// True for an instruction after which control never falls through to the next one.
bool endsFlow(vm::Opcode op);

} // namespace pfun::loader
