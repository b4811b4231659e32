// The verifier's data-flow pass over term shapes (see verify_shapes.cpp).
#pragma once

#include "pfun/vm/code.h"

#include <string>
#include <vector>

namespace pfun::loader::detail {

// Checks that every GET_HD / GET_TL / GET_LIST reads a register known to hold a
// cons cell and every GET_ELEM a tuple known to have that element, on every path.
// Precondition: the structural checks passed (operands in range, `boundary` marks the
// instruction starts). Returns "" or "@pc: what" for the first violation.
std::string checkShapes(const vm::FunctionCode& fn, const std::vector<bool>& boundary);

} // namespace pfun::loader::detail
