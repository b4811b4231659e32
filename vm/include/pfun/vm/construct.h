// Building terms on a heap from C++ values.
//
// Every builder allocates its whole result with one Heap::alloc where it can (a list of
// n elements is one block of 2n words), writes it completely, and only then returns
// the Term, so a builder's result is always a fully initialised term. Builders never
// collect (see heap.h), so callers may hold Terms across calls.
//
// The number and binary builders live with their concepts (number.h: makeFloat,
// makeInteger, makeIntegerFromMpz; binary.h: makeBinary) and are re-exported here so
// that one include gives a BIF everything it needs to build results.
#pragma once

#include "pfun/vm/binary.h"
#include "pfun/vm/heap.h"
#include "pfun/vm/number.h"
#include "pfun/vm/term.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace pfun::vm {

Term makeTuple(Heap&, std::span<const Term> elems);
inline Term makeTuple(Heap& heap, std::initializer_list<Term> elems) {
    return makeTuple(heap, std::span<const Term>(elems.begin(), elems.size()));
}
// A tuple with `arity` elements left for the caller to fill before the term escapes.
inline Term allocTuple(Heap& heap, size_t arity, Term*& elemsOut) {
    Term* p = heap.alloc(1 + arity);
    p[0] = Term::makeHeader(BoxKind::Tuple, arity);
    elemsOut = p + 1;
    return Term::makeBoxed(p);
}
inline Term makeCons(Heap& heap, Term head, Term tail) {
    Term* p = heap.alloc(2);
    p[0] = head;
    p[1] = tail;
    return Term::makeCons(p);
}
Term makeList(Heap&, std::span<const Term> elems, Term tail = Term::nil());
inline Term makeList(Heap& heap, std::initializer_list<Term> elems, Term tail = Term::nil()) {
    return makeList(heap, std::span<const Term>(elems.begin(), elems.size()), tail);
}
// A list of code points (small integers): Erlang's string.
Term makeCharList(Heap&, std::u32string_view codepoints);
// A list with one element per byte (0..255).
Term makeStringList(Heap&, std::string_view latin1Bytes);
// A list of the code points of UTF-8 text; invalid sequences become U+FFFD.
Term makeCharListFromUtf8(Heap&, std::string_view utf8);

// UTF-8 text of a proper list of code points (0..0x10FFFF, no surrogates); false
// otherwise. (Flattening io lists is the stdlib's business.)
bool charListToUtf8(Term list, std::string& out);

// Number of elements of a proper list, -1 when `list` is not one.
int64_t listLength(Term list);

// Collects a proper list of small integers 0..255 into bytes; false otherwise
// (io lists are the stdlib's business).
bool listToBytes(Term list, std::string& out);

} // namespace pfun::vm
