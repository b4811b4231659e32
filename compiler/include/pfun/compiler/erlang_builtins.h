// Fixed facts about Erlang's built-in functions and operators that both the linter and
// the back end need: which names are auto-imported (callable without `erlang:`),
// which may appear in guards, which are type tests, and which operator names belong
// to which family.
//
// The tables mirror erl_internal of OTP 25 exactly; they are data, not policy, so a
// difference from erlc here is a bug. All lookups are pure and allocation-free.
#pragma once

#include <string_view>

namespace pfun::compiler {

// erl_internal:bif/2: a local call name/arity that resolves to erlang:name/arity
// unless the module defines it and says -compile({no_auto_import, [...]}).
bool isAutoImported(std::string_view name, unsigned arity);

// erl_internal:old_bif/2: auto-imported before R14. A module that defines one of these
// and calls it unqualified without no_auto_import is rejected (the call is ambiguous);
// for the newer ones the local function wins, with a warning.
bool isOldBif(std::string_view name, unsigned arity);

// erl_internal:guard_bif/2 plus the type tests: BIFs allowed in guards.
bool isGuardBif(std::string_view name, unsigned arity);

// erl_internal:type_test/2 (is_atom/1, is_function/2, is_record/3, ...).
bool isTypeTest(std::string_view name, unsigned arity);

// Operators, by the spelling that appears in Expr::text.
// Arithmetic: + - * / div rem band bor bxor bsl bsr (binary), + - bnot (unary).
bool isArithOp(std::string_view op, unsigned arity);
// Boolean: and or xor (binary), not (unary). andalso/orelse are separate AST nodes.
bool isBoolOp(std::string_view op, unsigned arity);
// Comparison: == /= =< < >= > =:= =/= (all binary).
bool isCompOp(std::string_view op, unsigned arity);
// List operators ++ and -- (binary); not allowed in guards.
bool isListOp(std::string_view op, unsigned arity);

} // namespace pfun::compiler
