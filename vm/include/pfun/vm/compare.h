// Erlang term order and equality.
//
// Order of types: number < atom < reference < fun < port < pid < tuple < map < nil <
// list < bitstring. Within types:
//  - numbers by value; 1 and 1.0 compare equal (compareTerms returns 0, `==` holds);
//  - atoms by name (bytes of the UTF-8 text), so ordering needs the AtomTable;
//  - tuples by arity, then elements; lists element-wise, then the tails;
//  - maps by size, then keys in map-key order, then values in that key order;
//  - bitstrings byte-wise, then the shorter first.
// Map-key order (compareMapKeys, how flatmap keys are sorted and maps compare their
// keys) is the same except that numbers of different types are never equal: every
// integer sorts before every float (erl: maps:keys(#{1.0=>a, 2=>b}) is [2,1.0]).
//
// exactEq is =:= (1 =/= 1.0, but 0.0 =:= -0.0 as in OTP 25) and eq is ==. Neither
// needs the AtomTable, because equal atoms are the same word.
//
// All of them walk terms with an explicit stack, so deeply nested terms cannot
// overflow the C++ stack.
#pragma once

#include "pfun/vm/atom.h"
#include "pfun/vm/term.h"

namespace pfun::vm {

int compareTerms(Term a, Term b, const AtomTable&);
int compareMapKeys(Term a, Term b, const AtomTable&);

bool exactEqSlow(Term a, Term b);
bool eqSlow(Term a, Term b);

// =:=
inline bool exactEq(Term a, Term b) {
    if (a == b) return true;
    // Distinct immediates, or an immediate against a box, are never =:= (integers are
    // normalised, so a small never equals a bignum).
    if (!a.isBoxed() && !a.isList()) return false;
    if (!b.isBoxed() && !b.isList()) return false;
    return exactEqSlow(a, b);
}
// ==
inline bool eq(Term a, Term b) {
    if (a == b) return true;
    if (a.isSmall() && b.isSmall()) return false;
    return eqSlow(a, b);
}

// Three-way comparison of two numbers by value (precondition: both isNumber()).
int compareNumbers(Term a, Term b);

} // namespace pfun::vm
