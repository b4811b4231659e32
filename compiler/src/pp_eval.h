// Evaluation of -if(Cond) / -elif(Cond) conditions, as epp does it: the condition is
// an ordinary expression (macros already expanded, defined(NAME) already replaced by
// true/false) evaluated with no bindings and no functions but guard BIFs. Anything
// that fails to evaluate (an unbound variable, a call, badarith) counts as false, and
// so does any value but `true`.
//
// The evaluator knows small integers, floats, atoms, tuples and proper lists, which is
// what conditions compare (?OTP_RELEASE >= 21, ?MODULE =:= m, is_atom(?X), ...).
#pragma once

#include "pfun/compiler/ast.h"

namespace pfun::compiler {

bool evalIfCondition(const Expr& e);

// What epp accepts as a condition at all (otherwise "badly formed 'if'"): a guard
// expression, where a local call to an unknown function is allowed (it fails when
// evaluated) but one to an auto-imported BIF that is not a guard BIF is not.
bool isIfCondition(const Expr& e);

} // namespace pfun::compiler
