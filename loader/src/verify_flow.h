// The verifier's data-flow pass over register states (see verify_flow.cpp).
#pragma once

#include "pfun/loader/register_access.h"
#include "pfun/vm/code.h"
#include "pfun/vm/isa.h"

#include <string>
#include <vector>

namespace pfun::loader::detail {

// Follows every path through `fn` and checks that
//  - every register an instruction reads has been written on every path to it
//    (arguments, and for a lambda body its captured values and itself, count as
//    written at entry);
//  - GET_HD / GET_TL / GET_LIST read a register known to hold a list cell and
//    GET_ELEM a tuple known to have that element; SPILL_PUT writes only into a spill
//    area that SPILL_NEW made in this frame; a list builder (HOLE_NEW) is read only
//    by HOLE_PUT and HOLE_RETURN, never as a term;
//  - exception handlers nest: every path reaches an instruction with the same
//    handler stack, TRY_END pops one, and nothing returns or tail-calls with a
//    handler of this frame still pushed.
// Precondition: the structural checks passed (operands in range, `boundary` marks the
// instruction starts). `entryDefined` is the number of registers written at entry.
// Returns "" or "@pc: what" for the first violation.
std::string checkFlow(const vm::FunctionCode& fn, const vm::ModuleCode* module,
                      const std::vector<bool>& boundary, uint32_t entryDefined);

using pfun::loader::endsFlow;

} // namespace pfun::loader::detail
